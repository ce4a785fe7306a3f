import type { Flow } from '../flow.ts';

/** `/confidentialite`: the privacy notice the RGPD requires (what, why, how long, which rights). */
export const privacyFlow: Flow = {
  name: 'privacy',
  commands: ['confidentialite'],
  async start(ctx) {
    return [{ text: ctx.t('account:privacy.text') }];
  },
};
