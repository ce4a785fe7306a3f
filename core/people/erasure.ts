import { z } from 'zod';
import { forgetPayoutProofs } from '../agreement/payout-proofs.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { currentTurn } from '../conversations/turn-journal.ts';
import { refuse } from '../domain/errors.ts';
import { withdrawableStatuses, withdrawParticipation } from '../participants/withdrawal.ts';
import { releaseFileIfUnreferenced } from '../storage/stored-files.ts';
import { requirePersonId } from './person-access.ts';
import { RELAYED_MESSAGE_KINDS } from './relay.ts';

/**
 * `/supprimer` (RGPD art. 17). Erasure pseudonymises instead of deleting rows, so that the history stays
 * true (product.md §7): counts, tallies, the audit chain and the annual report do not change.
 *
 * Gone: every platform identity and conversation state (the only links to a real person), the complaint
 * text and dates, rejection reasons and payout notes (free text that may quote the person), evidence
 * files and their rows, the company's proofs of transfer covering their payouts (bank details), the
 * person's queued and past notifications, their language, their `/lier` codes and attempts, their
 * account id on the announcement channels they chose for a server, and the platform
 * updates of theirs still waiting to be handled (which hold what they typed).
 * Kept, under the bare person id: each participation with its status and times (counted in reports), the
 * consent times (the proof consent was given), yes/no eligibility answers, the amount claimed (an
 * anonymous figure once nothing links it to anyone: "total claimed" statistics stay right), adhesions
 * and payout amounts (the agreement's own accounts). Files still active are withdrawn first, through the
 * same path as `/retirer`, so a running vote stops counting them.
 */
export const erasePerson = defineCommand({
  name: 'erasePerson',
  actors: ['person'],
  // The adapter asks "are you sure?" first; the flag makes an accidental call a no-op error.
  input: z.object({ confirm: z.literal(true) }),
  async run(ctx, _input, deps) {
    const personId = requirePersonId(ctx.actor);
    // FOR UPDATE: a join at the same moment (FOR SHARE on the person) finishes first or sees the erasure.
    const person = await ctx.tx.$queryRaw<{ erased_at: Date | null }[]>`
      SELECT erased_at FROM person WHERE id = ${personId}::uuid FOR UPDATE`;
    if (person.length === 0 || person[0]?.erased_at) refuse('NOT_FOUND', 'errors:personNotFound');
    await ctx.tx
      .$queryRaw`SELECT id FROM participant WHERE person_id = ${personId}::uuid ORDER BY id FOR UPDATE`;
    const files = await ctx.tx.participant.findMany({
      where: { personId },
      include: {
        mediation: { select: { titleFr: true, titleEn: true } },
        evidence: { select: { storageKey: true } },
      },
    });

    let withdrawn = 0;
    let evidenceFiles = 0;
    for (const file of files) {
      if (withdrawableStatuses.includes(file.status)) {
        await withdrawParticipation(ctx, file, 'erasure');
        withdrawn += 1;
      }
      await ctx.tx.evidence.deleteMany({ where: { participantId: file.id } });
      for (const { storageKey } of file.evidence)
        releaseFileIfUnreferenced(deps, { participantId: file.id }, storageKey);
      evidenceFiles += file.evidence.length;
      await ctx.tx.participant.update({
        where: { id: file.id },
        data: {
          description: null,
          problemDate: null,
          priorComplaintDate: null,
          // A rejected file must keep a reason (a database rule); an empty one says nothing about anyone.
          rejectionReason: file.status === 'REJECTED' ? '' : null,
          updatedAt: ctx.now,
        },
      });
      await ctx.tx.payout.updateMany({ where: { participantId: file.id }, data: { problemNote: null } });
    }
    const payoutProofs = await forgetPayoutProofs(
      ctx,
      deps,
      files.map((file) => file.id),
    );

    const identities = await ctx.tx.platformIdentity.findMany({
      where: { personId },
      select: { platform: true, externalId: true },
    });
    if (identities.length > 0) {
      await ctx.tx.conversationState.deleteMany({ where: { OR: identities } });
      await forgetPendingUpdates(ctx, identities);
      // A server manager who chose an announcement channel: the choice stays, their account id goes.
      await ctx.tx.announcementChannel.updateMany({
        where: { OR: identities.map(({ platform, externalId }) => ({ platform, setBy: externalId })) },
        data: { setBy: null },
      });
    }
    await ctx.tx.linkCode.deleteMany({ where: { personId } });
    await ctx.tx.linkAttempt.deleteMany({ where: { personId } });
    await ctx.tx.platformIdentity.deleteMany({ where: { personId } });
    await ctx.tx.outboxMessage.deleteMany({ where: { personId } });
    // Their messages to the mediators (`/contact`, payout problems) hold their words too (copies
    // already delivered to the mediators' channel are out of our reach).
    await ctx.tx.$executeRaw`
      DELETE FROM outbox_message WHERE audience = 'mediators'
        AND kind = ANY(${RELAYED_MESSAGE_KINDS as unknown as string[]}::text[])
        AND payload -> 'refs' ->> 'personId' = ${personId}`;
    await ctx.tx.person.update({ where: { id: personId }, data: { erasedAt: ctx.now, locale: null } });
    ctx.audit({
      action: 'person.erased',
      subjectId: personId,
      details: { files: files.length, withdrawn, evidenceFiles, payoutProofs, identities: identities.length },
    });
    return { erasedAt: ctx.now, withdrawn };
  },
});

/**
 * Telegram updates are kept, body and all, until answered (core/conversations/inbound-updates.ts): one
 * left unfinished by a crash still holds what the person typed. Theirs are given up, emptied. The
 * update carrying this erasure is left to finish: its answer ("your data is erased") must go out, and
 * answering clears it. Discord and Slack updates keep no body (`recordOnce`).
 */
async function forgetPendingUpdates(
  ctx: CommandContext,
  identities: { platform: string; externalId: string }[],
): Promise<void> {
  const telegramIds = identities
    .filter(({ platform }) => platform === 'TELEGRAM')
    .map(({ externalId }) => externalId);
  if (telegramIds.length === 0) return;
  const turn = currentTurn();
  await ctx.tx.$executeRaw`
    UPDATE inbound_update SET status = 'abandoned', body = NULL, journal = NULL, replies = NULL,
      leased_by = NULL, leased_until = NULL
    WHERE platform = 'TELEGRAM' AND status IN ('received', 'done')
      AND NOT (${turn?.platform ?? ''} = 'TELEGRAM' AND update_id = ${turn?.updateId ?? ''})
      AND coalesce(body #>> '{message,from,id}', body #>> '{callback_query,from,id}',
                   body #>> '{edited_message,from,id}') = ANY(${telegramIds}::text[])`;
}
