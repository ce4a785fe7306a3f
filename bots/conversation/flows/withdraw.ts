import { personActor } from '../../../core/domain/actor.ts';
import { withdrawableStatuses } from '../../../core/participants/withdrawal.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

/**
 * `/retirer`: the law guarantees leaving at any time, without penalty (product.md §4). It is final, so
 * it always goes through one confirmation that says what it changes.
 */
export const withdrawFlow: Flow = {
  name: 'withdraw',
  commands: ['retirer'],

  async start(ctx) {
    const files = await withdrawableFiles(ctx);
    if (files.length === 0) return [{ text: ctx.t('account:withdraw.none') }];
    const [only] = files;
    if (files.length === 1 && only) return [confirmation(ctx, only.participantId, only.mediation.title)];
    return [
      {
        text: ctx.t('account:withdraw.pick'),
        choices: files.map((file) => [
          {
            id: choiceId('withdraw', 'pick', file.participantId),
            label: ctx.t('account:withdraw.fileLabel', {
              title: file.mediation.title[ctx.locale],
              status: file.status,
            }),
          },
        ]),
        expects: 'choice',
      },
    ];
  },

  async onChoice(ctx, action, [participantId = '']) {
    if (action === 'keep') return [{ text: ctx.t('account:withdraw.kept') }];
    if (action === 'pick') {
      const file = (await withdrawableFiles(ctx)).find(
        (candidate) => candidate.participantId === participantId,
      );
      if (!file) return [{ text: ctx.t('account:withdraw.gone') }];
      return [confirmation(ctx, file.participantId, file.mediation.title)];
    }
    if (action === 'confirm') {
      const files = await ctx.core.query.myFiles({ personId: ctx.personId });
      const file = files.find((candidate) => candidate.participantId === participantId);
      if (!file) return [{ text: ctx.t('account:withdraw.gone') }];
      const result = await ctx.core.withdraw(personActor(ctx.personId), { participantId });
      if (!result.ok) return [{ text: ctx.explain(result.error) }];
      const key = result.value.changed ? 'done' : 'already';
      return [{ text: ctx.t(`account:withdraw.${key}`, { title: file.mediation.title[ctx.locale] }) }];
    }
    return [{ text: ctx.t('conversation:staleButton') }];
  },
};

async function withdrawableFiles(ctx: FlowContext) {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  return files.filter((file) => withdrawableStatuses.includes(file.status));
}

function confirmation(ctx: FlowContext, participantId: string, title: { fr: string; en: string }): Reply {
  return {
    text: ctx.t('account:withdraw.confirm', { title: title[ctx.locale] }),
    choices: [
      [
        { id: choiceId('withdraw', 'confirm', participantId), label: ctx.t('account:withdraw.yes') },
        { id: choiceId('withdraw', 'keep'), label: ctx.t('account:withdraw.no') },
      ],
    ],
    expects: 'choice',
  };
}
