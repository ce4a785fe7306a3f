import { personActor } from '../../../core/domain/actor.ts';
import { formatLinkCode, normaliseLinkCode } from '../../../core/people/link-code.ts';
import { platformName } from '../../../core/people/platform-names.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

/**
 * `/lier` (product.md §4: one person on several platforms). Alone, it shows a one-time code to type on
 * the other app; with a code, it links this account to the code's person after a confirmation, since
 * it cannot be undone. The button carries the code in its canonical form (8 characters).
 */
export const linkFlow: Flow = {
  name: 'link',
  commands: ['lier'],

  async start(ctx, args) {
    if (args.trim() === '') return newCode(ctx);
    const code = normaliseLinkCode(args);
    if (!code) return [{ text: ctx.t('linking:badFormat') }];
    return [
      {
        text: ctx.t('linking:confirm', { platform: platformName(ctx.incoming.platform) }),
        choices: [
          [
            { id: choiceId('link', 'confirm', code), label: ctx.t('linking:yes') },
            { id: choiceId('link', 'keep'), label: ctx.t('linking:no') },
          ],
        ],
        expects: 'choice',
      },
    ];
  },

  async onChoice(ctx, action, [typed = '']) {
    if (action === 'keep') return [{ text: ctx.t('linking:kept') }];
    const code = normaliseLinkCode(typed);
    if (action !== 'confirm' || !code) return [{ text: ctx.t('conversation:staleButton') }];
    const result = await ctx.core.redeemLinkCode(personActor(ctx.personId), {
      code: formatLinkCode(code),
      confirm: true,
    });
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    const { platforms, filesMoved } = result.value;
    const lines = [ctx.t('linking:done', { platforms: platforms.map(platformName).join(', ') })];
    if (filesMoved > 0) lines.push(ctx.t('linking:filesMoved', { count: filesMoved }));
    return [{ text: lines.join('\n\n') }];
  },
};

async function newCode(ctx: FlowContext): Promise<Reply[]> {
  const result = await ctx.core.createLinkCode(personActor(ctx.personId), {});
  if (!result.ok) return [{ text: ctx.explain(result.error) }];
  return [
    { text: ctx.t('linking:created', { code: result.value.code, minutes: result.value.validMinutes }) },
  ];
}
