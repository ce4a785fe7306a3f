import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { closeAdhesionWindow } from './adhesion-commands.ts';

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
};
