import { personActor } from '../../../core/domain/actor.ts';
import { MAX_CONTACT_MESSAGE_LENGTH } from '../../../core/people/relay.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';
import { checkMessage } from './contact.ts';

/**
 * « Je l'ai reçu » / « Signaler un problème », under the payout notice, its reminder and the payout's
 * line in `/mesdossiers` (product.md §5: payouts are followed until each adherent confirms receipt).
 */
export function payoutChoices(t: FlowContext['t'], payoutId: string): Choice[][] {
  return [
    [
      { id: choiceId('payout', 'confirm', payoutId), label: t('agreement:chat.received') },
      { id: choiceId('payout', 'problem', payoutId), label: t('agreement:chat.reportProblem') },
    ],
  ];
}

/** The adherent's answer about their payout: received, or a problem told in their own words. */
export const payoutFlow: Flow = {
  name: 'payout',

  async onChoice(ctx, action, [payoutId = '']) {
    if (action !== 'confirm' && action !== 'problem') return [{ text: ctx.t('conversation:staleButton') }];
    // Read first: an id that is not one of the person's own payouts (forged, another account's,
    // malformed) is answered plainly, and nobody writes a whole story for a payout that is not theirs.
    const payout = await ownPayout(ctx, payoutId);
    if (!payout) return [{ text: ctx.t('agreement:errors.payoutNotFound') }];
    if (action === 'confirm') {
      const confirmed = await ctx.core.confirmPayout(personActor(ctx.personId), { payoutId });
      if (!confirmed.ok) return [{ text: ctx.explain(confirmed.error) }];
      const key = confirmed.value.changed ? 'agreement:chat.confirmed' : 'agreement:chat.alreadyConfirmed';
      return [{ text: ctx.t(key) }];
    }
    if (payout.status === 'CONFIRMED') return [{ text: ctx.t('agreement:errors.payoutAlreadyConfirmed') }];
    ctx.next('payout', 'problem', { payoutId });
    return [
      { text: ctx.t('agreement:chat.askProblem', { max: MAX_CONTACT_MESSAGE_LENGTH }), expects: 'text' },
    ];
  },

  async onInput(ctx, event) {
    const payoutId = ctx.state.data.payoutId;
    if (ctx.state.step !== 'problem' || typeof payoutId !== 'string') {
      ctx.next(null);
      return [{ text: ctx.t('conversation:nothingPending') }];
    }
    if (event.type !== 'text') return [{ text: ctx.t('agreement:chat.problemTextOnly'), expects: 'text' }];
    return report(ctx, payoutId, event.text);
  },
};

async function report(ctx: FlowContext, payoutId: string, text: string): Promise<Reply[]> {
  const checked = checkMessage(ctx, text);
  if (!checked.ok) return [checked.reply];
  const reported = await ctx.core.reportPayoutProblem(personActor(ctx.personId), {
    payoutId,
    note: checked.message,
  });
  ctx.next(null);
  if (!reported.ok) return [{ text: ctx.explain(reported.error) }];
  return [{ text: ctx.t('agreement:chat.problemSent') }];
}

async function ownPayout(ctx: FlowContext, payoutId: string) {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  return files.find((file) => file.payout?.id === payoutId)?.payout;
}
