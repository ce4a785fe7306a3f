import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from '../mediations/audience.ts';
import { lockMediation } from '../mediations/lifecycle.ts';
import { requirePersonId } from '../people/person-access.ts';
import { relayToMediators, requireMessage } from '../people/relay.ts';
import { fileReference, shortId } from '../references/short-id.ts';
import { PAYOUT_ALERT_AFTER, PAYOUT_REMINDER_AFTER } from './agreement.ts';
import { attachPayoutProof, payoutProofInput } from './payout-proofs.ts';

const payoutInput = z.object({ payoutId: z.uuid() });

/**
 * Loads a payout and locks its mediation, which must be in EXECUTION. A person only ever reaches their
 * own payouts: someone else's is "not found", so ids reveal nothing.
 */
async function lockPayout(ctx: CommandContext, payoutId: string, ownerPersonId?: string) {
  const found = await ctx.tx.payout.findUnique({
    where: { id: payoutId },
    include: { participant: { select: { personId: true } }, offer: { select: { mediationId: true } } },
  });
  if (!found || (ownerPersonId && found.participant.personId !== ownerPersonId)) {
    refuse('NOT_FOUND', 'agreement:errors.payoutNotFound');
  }
  const mediation = await lockMediation(ctx, found.offer.mediationId);
  if (mediation.status !== 'EXECUTION') {
    refuse('ILLEGAL_TRANSITION', 'agreement:errors.notInExecution', { status: mediation.status });
  }
  const payout = await ctx.tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  return { payout, mediation, personId: found.participant.personId };
}

/** The follow-up clocks of a payout stop once the adherent has answered (received, or a problem). */
export async function stopFollowUp(ctx: CommandContext, payoutId: string): Promise<void> {
  await ctx.cancelTimer('payoutReminder', payoutId);
  await ctx.cancelTimer('payoutAlert', payoutId);
}

/** The mediator records that the company paid, or paid again after a problem (sendPayout below). */
export const markPayoutSent = defineCommand({
  name: 'markPayoutSent',
  actors: ['mediator'],
  input: payoutInput,
  async run(ctx, { payoutId }) {
    return sendPayout(ctx, payoutId);
  },
});

/**
 * The company marks payouts as sent from its portal (issue 15), one or a whole list by their file
 * references: all of them or none, each adherent told as when a mediator marks it, and the mediators
 * told once for the batch. A payout already confirmed by its adherent is left as it is. A proof of
 * transfer may come with them (payout-proofs.ts): it then covers every payout named, sent before or not.
 */
export const markPayoutsSentByCompany = defineCommand({
  name: 'markPayoutsSentByCompany',
  actors: ['company'],
  input: z.object({
    references: z
      .array(z.string().regex(/^[0-9A-F]{12}$/))
      .min(1)
      .max(200_000),
    proof: payoutProofInput.optional(),
  }),
  transactionTimeoutMs: 300_000,
  async run(ctx, { references, proof }, deps) {
    if (ctx.actor.kind !== 'company') refuse('FORBIDDEN', 'errors:forbidden');
    const mediationId = ctx.actor.mediationId;
    const payouts = await ctx.tx.$queryRaw<{ id: string; participantId: string; status: string }[]>`
      SELECT p.id, p.participant_id::text AS "participantId", p.status::text AS status
      FROM payout p JOIN offer o ON o.id = p.offer_id WHERE o.mediation_id = ${mediationId}::uuid`;
    const byReference = new Map(payouts.map((payout) => [fileReference(payout.participantId), payout]));
    const unknown = [...new Set(references)].filter((reference) => !byReference.has(reference));
    if (unknown.length > 0) {
      refuse('NOT_FOUND', 'company:errors.unknownReferences', {
        count: unknown.length,
        references: unknown.slice(0, 5).join(', '),
      });
    }
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'EXECUTION') {
      refuse('ILLEGAL_TRANSITION', 'agreement:errors.notInExecution', { status: mediation.status });
    }
    let marked = 0;
    let confirmed = 0;
    const named = [...new Set(references)].flatMap((reference) => byReference.get(reference) ?? []);
    for (const payout of named) {
      if (payout.status === 'CONFIRMED') confirmed += 1;
      else if ((await sendPayout(ctx, payout.id)).changed) marked += 1;
    }
    const proofId = proof
      ? await attachPayoutProof(
          ctx,
          deps,
          mediationId,
          named.map((payout) => payout.id),
          proof,
        )
      : null;
    if (marked > 0 || proofId) {
      ctx.notifyMediators({
        kind: 'companyPayouts',
        textKey: `company:notify.${marked === 0 ? 'proofAttached' : proofId ? 'payoutsSentWithProof' : 'payoutsSent'}`,
        dedupKey: `companyPayouts:${mediationId}:${proofId ?? ctx.now.toISOString()}`,
        params: { title: titleParam(mediation), count: marked || named.length, slug: mediation.slug },
        refs: { mediationId },
      });
    }
    return { marked, alreadySent: named.length - marked - confirmed, confirmed, proofId };
  },
});

/**
 * Records that the company paid (or paid again after a problem); the adherent is told, with the buttons
 * to confirm or report, and followed up after 7 days (reminded) and 14 (mediators alerted). Each clock
 * fires once per payout: a payout sent again is not reminded twice.
 */
async function sendPayout(ctx: CommandContext, payoutId: string) {
  const { payout, mediation, personId } = await lockPayout(ctx, payoutId);
  if (payout.status === 'CONFIRMED') refuse('RULE_VIOLATION', 'agreement:errors.payoutAlreadyConfirmed');
  if (payout.status === 'SENT') return { payoutId, status: payout.status, changed: false };
  await ctx.tx.payout.update({ where: { id: payoutId }, data: { status: 'SENT', sentAt: ctx.now } });
  ctx.audit({
    action: 'payout.sent',
    mediationId: mediation.id,
    subjectId: payoutId,
    details: { participantId: payout.participantId, previous: payout.status },
  });
  ctx.notifyPerson(personId, {
    kind: 'payoutSent',
    textKey: 'agreement:notify.payoutSent',
    // Sent again after a reported problem is a new event: one notice per sending, named by the
    // problem it answers (the first sending has none).
    dedupKey: `payoutSent:${payoutId}:${payout.problemAt?.toISOString() ?? 'first'}`,
    params: { title: titleParam(mediation), amount: { money: payout.amountCents } },
    refs: { mediationId: mediation.id, payoutId },
  });
  // A payment the company made is recorded whenever it comes; its follow-up is a step of the mediation
  // like any other and fits within the 90-day limit (L612-2): near the limit, the reminder and the
  // mediators' alert come at the limit, not after it.
  const byTheLimit = (after: number) =>
    new Date(Math.min(ctx.now.getTime() + after, mediation.endsBy?.getTime() ?? Number.POSITIVE_INFINITY));
  await ctx.schedule('payoutReminder', payoutId, byTheLimit(PAYOUT_REMINDER_AFTER));
  await ctx.schedule('payoutAlert', payoutId, byTheLimit(PAYOUT_ALERT_AFTER));
  return { payoutId, status: 'SENT' as const, changed: true };
}

/**
 * The adherent confirms they received the money; a second confirmation changes nothing. When the last
 * one comes in, the mediators are told the mediation can be closed as a success: closing is theirs.
 */
export const confirmPayout = defineCommand({
  name: 'confirmPayout',
  actors: ['person'],
  input: payoutInput,
  async run(ctx, { payoutId }) {
    const { payout, mediation } = await lockPayout(ctx, payoutId, requirePersonId(ctx.actor));
    if (payout.status === 'CONFIRMED') return { payoutId, changed: false, allConfirmed: false };
    await ctx.tx.payout.update({
      where: { id: payoutId },
      data: { status: 'CONFIRMED', confirmedAt: ctx.now },
    });
    await stopFollowUp(ctx, payoutId);
    ctx.audit({
      action: 'payout.confirmed',
      mediationId: mediation.id,
      subjectId: payoutId,
      details: { previous: payout.status },
    });
    const [{ outstanding, confirmed }] = await ctx.tx.$queryRaw<[{ outstanding: number; confirmed: number }]>`
      SELECT count(*) FILTER (WHERE status <> 'CONFIRMED')::int AS outstanding,
        count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed
      FROM payout WHERE offer_id = ${payout.offerId}::uuid`;
    if (outstanding === 0) {
      ctx.notifyMediators({
        kind: 'payoutsAllConfirmed',
        textKey: 'agreement:notify.payoutsAllConfirmed',
        dedupKey: `payoutsAllConfirmed:${payout.offerId}`,
        params: { title: titleParam(mediation), slug: mediation.slug, count: confirmed },
        refs: { mediationId: mediation.id },
      });
    }
    return { payoutId, changed: true, allConfirmed: outstanding === 0 };
  },
});

/**
 * The adherent reports a problem (nothing received, wrong amount…): their note goes to the mediators
 * like a `/contact` message, saying which mediation, file and payout it is about, and they answer it
 * the same way. The reminders stop: the mediators know. The note stays out of the audit and the logs.
 */
export const reportPayoutProblem = defineCommand({
  name: 'reportPayoutProblem',
  actors: ['person'],
  // Generous raw limit: a too-long note gets a localized "too long", not a bare input error.
  input: payoutInput.extend({ note: z.string().max(50_000) }),
  async run(ctx, input) {
    const personId = requirePersonId(ctx.actor);
    const note = requireMessage(input.note);
    const { payout, mediation } = await lockPayout(ctx, input.payoutId, personId);
    if (payout.status === 'CONFIRMED') refuse('RULE_VIOLATION', 'agreement:errors.payoutAlreadyConfirmed');
    await ctx.tx.payout.update({
      where: { id: payout.id },
      data: { status: 'PROBLEM', problemAt: ctx.now, problemNote: note },
    });
    await stopFollowUp(ctx, payout.id);
    const messageId = await relayToMediators(ctx, personId, {
      kind: 'payoutProblem',
      textKey: 'agreement:notify.payoutProblem',
      params: {
        title: titleParam(mediation),
        slug: mediation.slug,
        file: shortId(payout.participantId),
        payout: shortId(payout.id),
        amount: { money: payout.amountCents },
        note,
      },
      refs: { mediationId: mediation.id, payoutId: payout.id, participantId: payout.participantId },
    });
    ctx.audit({
      action: 'payout.problem',
      mediationId: mediation.id,
      subjectId: payout.id,
      details: { previous: payout.status, messageId },
    });
    return { payoutId: payout.id, status: 'PROBLEM' as const, messageId };
  },
});
