import type { Flow } from '../flow.ts';

/**
 * `/faq`: the questions people ask before trusting a collective mediation with their complaint, then
 * their rights before deciding (R612-1, R612-4) in full, where the vote and adhesion screens send them.
 * Two messages, each well within Discord's 2,000 characters.
 */
export const faqFlow: Flow = {
  name: 'faq',
  commands: ['faq'],
  async start(ctx) {
    return [{ text: ctx.t('account:faq.text') }, { text: ctx.t('rights:faq') }];
  },
};
