import { personActor } from '../../../core/domain/actor.ts';
import { formatDateTime } from '../../../core/i18n/index.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Choice } from '../types.ts';

const decisionOfCode = { A: 'ADHERED', D: 'DECLINED' } as const;

/** « J'adhère à l'accord » / « Je n'adhère pas », carried by the adhesion request (product.md §5). */
export function adhesionChoices(t: FlowContext['t'], mediationId: string): Choice[][] {
  return [
    [
      { id: choiceId('adhesion', 'decide', mediationId, 'A'), label: t('account:adhesion.adhere') },
      { id: choiceId('adhesion', 'decide', mediationId, 'D'), label: t('account:adhesion.decline') },
    ],
  ];
}

/** The answer to an adhesion request, from its buttons; the person may change it until the window closes. */
export const adhesionFlow: Flow = {
  name: 'adhesion',

  async onChoice(ctx, action, [mediationId = '', code = '']) {
    const decision = decisionOfCode[code as keyof typeof decisionOfCode];
    if (action !== 'decide' || !decision) return [{ text: ctx.t('conversation:staleButton') }];
    const result = await ctx.core.decideAdhesion(personActor(ctx.personId), { mediationId, decision });
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    const key = result.value.changed ? decision : 'unchanged';
    return [
      {
        text: ctx.t(`account:adhesion.done.${key}`, {
          decision: ctx.t(`common:adhesionDecision.${decision}`),
          closesAt: formatDateTime(result.value.closesAt, ctx.locale),
        }),
        choices: adhesionChoices(ctx.t, mediationId),
      },
    ];
  },
};
