import type { Flow } from '../flow.ts';
import { mediationDetailsReply, openMediationsPage } from './mediation-views.ts';

/** `/mediations`: the open mediations, a page at a time, and the details of the one chosen. */
export const browseFlow: Flow = {
  name: 'browse',
  commands: ['mediations'],
  async start(ctx) {
    return [await openMediationsPage(ctx, 1)];
  },
  async onChoice(ctx, action, args) {
    if (action === 'page') {
      const page = Number.parseInt(args[0] ?? '1', 10);
      return [await openMediationsPage(ctx, Number.isFinite(page) && page > 0 ? page : 1)];
    }
    if (action === 'open') {
      const details = await ctx.core.query.mediationDetails({ mediationId: args[0] ?? '' });
      // A mediation still in preparation is not public yet: a forged button id shows nothing more.
      if (!details || details.status === 'DRAFT') {
        return [{ text: ctx.t('joining:welcome.unknownMediation') }, await openMediationsPage(ctx, 1)];
      }
      return [mediationDetailsReply(ctx, details)];
    }
    return [{ text: ctx.t('conversation:staleButton') }];
  },
};
