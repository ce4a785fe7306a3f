import type { CommandContext } from '../commands/context.ts';
import { titleParam } from '../mediations/audience.ts';
import { shortId } from '../references/short-id.ts';
import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { closeAdhesionWindow } from './adhesion-commands.ts';

/** A payout still waiting for its adherent's word (sent, neither confirmed nor reported), or null. */
async function unansweredPayout(ctx: CommandContext, payoutId: string) {
  const payout = await ctx.tx.payout.findUnique({
    where: { id: payoutId },
    include: { participant: { select: { personId: true } }, offer: { include: { mediation: true } } },
  });
  if (payout?.status !== 'SENT' || !payout.sentAt) return null;
  if (payout.offer.mediation.status !== 'EXECUTION') return null;
  return { ...payout, sentAt: payout.sentAt, mediation: payout.offer.mediation };
}

export const agreementTimers: TimerHandlers = {
  /** The adhesion window ends at `adhesionClosesAt`, unless a mediator closed it early (or cancelled). */
  adhesionClose: async (ctx, offerId) => {
    const offer = await ctx.tx.offer.findUnique({ where: { id: offerId }, include: { mediation: true } });
    if (offer?.status !== 'ACCEPTED') return;
    const { mediation } = offer;
    if (mediation.status !== 'ADHESION' || !mediation.adhesionClosesAt) return;
    if (ctx.now < mediation.adhesionClosesAt) return;
    await closeAdhesionWindow(ctx, offerId);
  },

  /** A week after the payout was sent, no word from the adherent: they are asked once more. */
  payoutReminder: async (ctx, payoutId) => {
    const payout = await unansweredPayout(ctx, payoutId);
    if (!payout) return;
    ctx.notifyPerson(payout.participant.personId, {
      kind: 'payoutReminder',
      textKey: 'agreement:notify.payoutReminder',
      dedupKey: `payoutReminder:${payout.id}`,
      params: {
        title: titleParam(payout.mediation),
        amount: { money: payout.amountCents },
        sentAt: { date: payout.sentAt.toISOString() },
      },
      refs: { mediationId: payout.mediation.id, payoutId: payout.id },
    });
  },

  /** Two weeks, still nothing: the mediators look into it (their channel, and the Home's list). */
  payoutAlert: async (ctx, payoutId) => {
    const payout = await unansweredPayout(ctx, payoutId);
    if (!payout) return;
    ctx.notifyMediators({
      kind: 'payoutUnconfirmed',
      textKey: 'agreement:notify.payoutUnconfirmed',
      dedupKey: `payoutUnconfirmed:${payout.id}`,
      params: {
        title: titleParam(payout.mediation),
        slug: payout.mediation.slug,
        payout: shortId(payout.id),
        file: shortId(payout.participantId),
        amount: { money: payout.amountCents },
        sentAt: { date: payout.sentAt.toISOString() },
      },
      refs: { mediationId: payout.mediation.id, payoutId: payout.id },
    });
  },
};
