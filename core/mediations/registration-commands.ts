import { z } from 'zod';
import { addParisDays } from '../clock/working-days.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';
import { PARTIES, titleParam } from './audience.ts';
import { startLegalLimit } from './deadline.ts';
import { lockMediation, moveMediation, requireMove } from './lifecycle.ts';
import { announceRegistrationOpened } from './news.ts';

/**
 * DRAFT → OPEN: the mediation is published; its rule profile is frozen from now on. Registration lasts
 * at most `maxRegistrationDays` (30 by default): the 90-day limit starts with the first file received,
 * so a long registration would eat the time the mediation itself needs.
 */
export const openRegistration = defineCommand({
  name: 'openRegistration',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), registrationClosesAt: z.coerce.date().optional() }),
  async run(ctx, input, deps) {
    const mediation = await lockMediation(ctx, input.mediationId);
    requireMove(mediation.status, 'OPEN');
    const closesAt = input.registrationClosesAt ?? mediation.registrationClosesAt;
    if (!closesAt || closesAt <= ctx.now) {
      refuse('RULE_VIOLATION', 'mediations:errors.registrationDeadlinePast');
    }
    const maxDays = deps.limits.maxRegistrationDays;
    const latest = addParisDays(ctx.now, maxDays);
    if (closesAt > latest) {
      refuse('RULE_VIOLATION', 'mediations:errors.registrationTooLong', {
        count: maxDays,
        latest: latest.toISOString(),
      });
    }
    await moveMediation(ctx, mediation.id, 'OPEN', {
      registrationOpenedAt: ctx.now,
      registrationClosesAt: closesAt,
    });
    await ctx.schedule('registrationClose', mediation.id, closesAt);
    announceRegistrationOpened(ctx, mediation, closesAt);
    return { mediationId: mediation.id, registrationClosesAt: closesAt };
  },
});

/** OPEN → REGISTRATION_CLOSED before the planned time (the clock does it at the planned time). */
export const closeRegistration = defineCommand({
  name: 'closeRegistration',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const result = await closeRegistrationNow(ctx, mediationId);
    await ctx.cancelTimer('registrationClose', mediationId);
    return result;
  },
});

/**
 * Closing registration. Each file got its notice of seizure when it was received (`submitFile`), which
 * started the 90-day limit; a party who has none yet (a file received before notices went out on
 * receipt) gets it now, and the limit starts now if it has not. Nobody gets it twice (its dedup key).
 * Files still waiting for a decision stay pending: they may be admitted until the vote opens; the
 * mediators are told.
 */
export async function closeRegistrationNow(ctx: CommandContext, mediationId: string) {
  const mediation = await moveMediation(ctx, mediationId, 'REGISTRATION_CLOSED');
  const unnoticed = await partiesWithoutNotice(ctx, mediationId, mediation.openingNoticeAt);
  const endsBy = unnoticed.length > 0 ? await startLegalLimit(ctx, mediationId) : mediation.endsBy;
  for (const party of unnoticed) sendOpeningNotice(ctx, { ...mediation, endsBy }, party);
  const admitted = await ctx.tx.participant.count({ where: { mediationId, status: 'ADMITTED' } });
  const pending = await ctx.tx.participant.count({ where: { mediationId, status: 'SUBMITTED' } });
  if (pending > 0) {
    ctx.notifyMediators({
      kind: 'fileToReview',
      textKey: 'mediations:notify.pendingFilesAtClosing',
      dedupKey: `pendingFilesAtClosing:${mediationId}`,
      params: { title: titleParam(mediation), count: pending },
      refs: { mediationId },
    });
  }
  return { mediationId, endsBy, admitted, pending };
}

/**
 * The parties who may lack their notice of seizure: every one while no notice went out in this
 * mediation, else those whose file was received before the first one (they predate notices on
 * receipt). Narrowed so that a large mediation does not queue its notices again at closing; the dedup
 * key would skip them, but only after writing them.
 */
async function partiesWithoutNotice(ctx: CommandContext, mediationId: string, firstNoticeAt: Date | null) {
  const rows = await ctx.tx.participant.findMany({
    where: {
      mediationId,
      status: { in: [...PARTIES] },
      person: { erasedAt: null },
      ...(firstNoticeAt ? { OR: [{ submittedAt: null }, { submittedAt: { lt: firstNoticeAt } }] } : {}),
    },
    select: { id: true, personId: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({ participantId: row.id, personId: row.personId }));
}

/**
 * The notice of seizure (R612-2) to one party: the mediation now handles their claim, by which date it
 * must reach its outcome, and that they may withdraw at any time. Sent when their file is received
 * (with the date of the decision on it, `receipt`) and, for a file that predates it, when registration
 * closes. One per file: the second attempt is the same outbox row, skipped.
 */
export function sendOpeningNotice(
  ctx: CommandContext<SqlTx>,
  mediation: { id: string; titleFr: string; titleEn: string; endsBy: Date | null },
  recipient: { participantId: string; personId: string },
  receipt?: { decisionDueAt: Date },
): void {
  ctx.notifyPerson(recipient.personId, {
    kind: 'openingNotice',
    textKey: receipt ? 'mediations:notify.seizureNotice' : 'mediations:notify.openingNotice',
    dedupKey: `openingNotice:${recipient.participantId}`,
    params: {
      title: titleParam(mediation),
      ...(mediation.endsBy ? { endsBy: { date: mediation.endsBy.toISOString() } } : {}),
      ...(receipt ? { dueDate: { date: receipt.decisionDueAt.toISOString() } } : {}),
    },
    refs: { mediationId: mediation.id, participantId: recipient.participantId },
  });
}
