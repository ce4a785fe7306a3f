import type { Flow } from '../flow.ts';

/**
 * `/annuler` leaves whatever step the person is in. Only the conversation's place is dropped: a draft
 * file stays in the core, and `/mesdossiers` offers to continue it.
 */
export const cancelFlow: Flow = {
  name: 'cancel',
  commands: ['annuler'],
  async start(ctx) {
    const { flow, data } = ctx.state;
    if (!flow) return [{ text: ctx.t('joining:cancel.nothing') }];
    ctx.next(null);
    const draftKept = flow === 'join' && typeof data.participantId === 'string';
    return [{ text: ctx.t(draftKept ? 'joining:cancel.draftKept' : 'joining:cancel.done') }];
  },
};
