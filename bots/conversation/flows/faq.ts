import type { Flow } from '../flow.ts';

/** `/faq`: the questions people ask before trusting a collective mediation with their complaint. */
export const faqFlow: Flow = {
  name: 'faq',
  commands: ['faq'],
  async start(ctx) {
    return [{ text: ctx.t('account:faq.text') }];
  },
};
