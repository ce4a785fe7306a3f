import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { closingCodes, endMediation } from '../mediations/closing.ts';
import { lockMediation } from '../mediations/lifecycle.ts';
import { shortId } from '../references/short-id.ts';
import { stopFollowUp } from './payout-commands.ts';

/**
 * EXECUTION → CLOSED_SUCCESS, by a mediator. Normally once every adherent has confirmed their payout
 * (the mediators are told when the last one does). A payout that will never be confirmed (a person
 * who cannot be reached, a transfer refused) does not hold the mediation open for ever: the mediator
 * names each one with its reason, recorded in the audit log.
 */
export const closeMediationAsSucceeded = defineCommand({
  name: 'closeMediationAsSucceeded',
  actors: ['mediator'],
  input: z.object({
    mediationId: z.uuid(),
    unconfirmed: z
      .array(z.object({ payoutId: z.uuid(), reason: z.string().trim().min(3).max(1000) }))
      .max(100_000)
      .default([]),
  }),
  async run(ctx, { mediationId, unconfirmed }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'EXECUTION') {
      refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', {
        from: mediation.status,
        to: 'CLOSED_SUCCESS',
      });
    }
    const outstanding = await ctx.tx.payout.findMany({
      where: { offer: { mediationId, status: 'ACCEPTED' }, status: { not: 'CONFIRMED' } },
      select: { id: true, status: true },
      orderBy: { id: 'asc' },
    });
    const reasons = new Map(unconfirmed.map((entry) => [entry.payoutId, entry.reason]));
    const stray = [...reasons.keys()].filter((id) => !outstanding.some((payout) => payout.id === id));
    if (stray.length > 0) {
      refuse('RULE_VIOLATION', 'agreement:errors.notOutstanding', { payouts: stray.map(shortId).join(', ') });
    }
    const unexplained = outstanding.filter((payout) => !reasons.has(payout.id));
    if (unexplained.length > 0) {
      refuse('RULE_VIOLATION', 'agreement:errors.payoutsOutstanding', {
        count: unexplained.length,
        payouts: unexplained.map((payout) => shortId(payout.id)).join(', '),
      });
    }
    for (const payout of outstanding) {
      await stopFollowUp(ctx, payout.id);
      ctx.audit({
        action: 'payout.closedUnconfirmed',
        mediationId,
        subjectId: payout.id,
        details: { status: payout.status, reason: reasons.get(payout.id) ?? '' },
      });
    }
    const code = outstanding.length === 0 ? closingCodes.allPayoutsConfirmed : closingCodes.agreementExecuted;
    await endMediation(ctx, mediationId, 'CLOSED_SUCCESS', { code });
    return { mediationId, status: 'CLOSED_SUCCESS' as const, unconfirmed: outstanding.length };
  },
});
