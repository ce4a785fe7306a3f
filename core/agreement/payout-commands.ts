import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from '../mediations/audience.ts';
import { closingCodes, endMediation } from '../mediations/closing.ts';
import { lockMediation } from '../mediations/lifecycle.ts';
import { requirePersonId } from '../people/person-access.ts';

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

/** The mediator records that the company paid (or paid again after a problem); the adherent is told. */
export const markPayoutSent = defineCommand({
  name: 'markPayoutSent',
  actors: ['mediator'],
  input: payoutInput,
  async run(ctx, { payoutId }) {
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
      // A payout sent again after a reported problem is a new event: its notice must go out too.
      dedupKey: `payoutSent:${payoutId}:${ctx.now.toISOString()}`,
      params: { title: titleParam(mediation), amount: { money: payout.amountCents } },
      refs: { mediationId: mediation.id, payoutId },
    });
    return { payoutId, status: 'SENT' as const, changed: true };
  },
});

/**
 * The adherent confirms they received the money. The last confirmation closes the mediation as a
 * success by itself: once everyone covered has been paid there is nothing left for anyone to do.
 */
export const confirmPayout = defineCommand({
  name: 'confirmPayout',
  actors: ['person'],
  input: payoutInput,
  async run(ctx, { payoutId }) {
    const { payout, mediation } = await lockPayout(ctx, payoutId, requirePersonId(ctx.actor));
    if (payout.status === 'CONFIRMED') return { payoutId, changed: false, mediationClosed: false };
    await ctx.tx.payout.update({
      where: { id: payoutId },
      data: { status: 'CONFIRMED', confirmedAt: ctx.now },
    });
    ctx.audit({
      action: 'payout.confirmed',
      mediationId: mediation.id,
      subjectId: payoutId,
      details: { previous: payout.status },
    });
    const outstanding = await ctx.tx.payout.count({
      where: { offerId: payout.offerId, status: { not: 'CONFIRMED' } },
    });
    if (outstanding === 0) {
      await endMediation(ctx, mediation.id, 'CLOSED_SUCCESS', { code: closingCodes.allPayoutsConfirmed });
    }
    return { payoutId, changed: true, mediationClosed: outstanding === 0 };
  },
});

/** The adherent reports a problem (nothing received, wrong amount…); the mediators get their note. */
export const reportPayoutProblem = defineCommand({
  name: 'reportPayoutProblem',
  actors: ['person'],
  input: payoutInput.extend({ note: z.string().trim().min(3).max(1000) }),
  async run(ctx, { payoutId, note }) {
    const { payout, mediation } = await lockPayout(ctx, payoutId, requirePersonId(ctx.actor));
    if (payout.status === 'CONFIRMED') refuse('RULE_VIOLATION', 'agreement:errors.payoutAlreadyConfirmed');
    await ctx.tx.payout.update({
      where: { id: payoutId },
      data: { status: 'PROBLEM', problemAt: ctx.now, problemNote: note },
    });
    ctx.audit({
      action: 'payout.problem',
      mediationId: mediation.id,
      subjectId: payoutId,
      details: { previous: payout.status },
    });
    // The note is the adherent's message to the mediators, relayed like `/contact`; it stays out of the audit.
    ctx.notifyMediators({
      kind: 'payoutProblem',
      textKey: 'agreement:notify.payoutProblem',
      dedupKey: `payoutProblem:${payoutId}:${ctx.now.toISOString()}`,
      params: { title: titleParam(mediation), note, amount: { money: payout.amountCents } },
      refs: { mediationId: mediation.id, payoutId, participantId: payout.participantId },
    });
    return { payoutId, status: 'PROBLEM' as const };
  },
});

/**
 * EXECUTION → CLOSED_SUCCESS by a mediator, only when every payout is confirmed. Usually the last
 * confirmation has already done it (see `confirmPayout`); this covers confirmations recorded otherwise.
 */
export const closeMediationAsSucceeded = defineCommand({
  name: 'closeMediationAsSucceeded',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'EXECUTION') {
      refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', {
        from: mediation.status,
        to: 'CLOSED_SUCCESS',
      });
    }
    const outstanding = await ctx.tx.payout.count({
      where: { offer: { mediationId, status: 'ACCEPTED' }, status: { not: 'CONFIRMED' } },
    });
    if (outstanding > 0)
      refuse('RULE_VIOLATION', 'agreement:errors.payoutsOutstanding', { count: outstanding });
    await endMediation(ctx, mediationId, 'CLOSED_SUCCESS', { code: closingCodes.allPayoutsConfirmed });
    return { mediationId, status: 'CLOSED_SUCCESS' as const };
  },
});
