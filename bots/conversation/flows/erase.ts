import { personActor } from '../../../core/domain/actor.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow } from '../flow.ts';

/**
 * `/supprimer` (RGPD art. 17): erasure cannot be undone, so it is explained and confirmed by a button
 * first; the core also refuses it without `confirm: true`.
 */
export const eraseFlow: Flow = {
  name: 'erase',
  commands: ['supprimer'],

  async start(ctx) {
    return [
      {
        text: ctx.t('account:erase.confirm'),
        choices: [
          [
            { id: choiceId('erase', 'confirm'), label: ctx.t('account:erase.yes') },
            { id: choiceId('erase', 'keep'), label: ctx.t('account:erase.no') },
          ],
        ],
        expects: 'choice',
      },
    ];
  },

  async onChoice(ctx, action) {
    if (action === 'keep') return [{ text: ctx.t('account:erase.kept') }];
    if (action !== 'confirm') return [{ text: ctx.t('conversation:staleButton') }];
    const result = await ctx.core.erasePerson(personActor(ctx.personId), { confirm: true });
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    ctx.forget();
    const { withdrawn } = result.value;
    const lines = [
      ...(withdrawn > 0 ? [ctx.t('account:erase.withdrawn', { count: withdrawn })] : []),
      ctx.t('account:erase.done'),
    ];
    return [{ text: lines.join('\n\n') }];
  },
};
