import { choiceId } from '../choice-id.ts';
import type { Flow } from '../flow.ts';
import type { Reply } from '../types.ts';
import { mediationDetailsReply, openMediationsPage } from './mediation-views.ts';

/**
 * `/start`: what collective mediation is and the rule that decides, then the open mediations. A
 * Telegram deep link `t.me/<bot>?start=<slug>` arrives as `/start <slug>` and opens that mediation.
 */
export const welcomeFlow: Flow = {
  name: 'welcome',
  commands: ['start'],
  async start(ctx, args) {
    const slug = args.trim();
    if (slug !== '') {
      const details = await ctx.core.query.mediationBySlug({ slug: slug.slice(0, 100) });
      if (details && details.status !== 'DRAFT') return [mediationDetailsReply(ctx, details)];
      return [{ text: ctx.t('joining:welcome.unknownMediation') }, await openMediationsPage(ctx, 1)];
    }
    const replies: Reply[] = [
      { text: `${ctx.t('joining:welcome.intro')}\n\n${ctx.t('joining:welcome.rule')}` },
    ];
    // Someone coming back in the middle of joining is offered their question again (the state is kept).
    if (ctx.state.flow === 'join') {
      replies.push({
        text: ctx.t('joining:welcome.resume'),
        choices: [[{ id: choiceId('join', 'again'), label: ctx.t('joining:welcome.resumeButton') }]],
      });
    }
    replies.push(await openMediationsPage(ctx, 1));
    return replies;
  },
};
