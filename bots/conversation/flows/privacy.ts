import { privacyOf } from '../../../core/deps.ts';
import { IDLE_CONVERSATION_DAYS } from '../../../core/retention/periods.ts';
import type { Flow } from '../flow.ts';

/**
 * `/confidentialite`: the privacy notice the RGPD requires (art. 13): who the controller is and how to
 * reach them, what is kept and why, who sees what, how long (the periods the retention clock enforces,
 * core/retention/), the rights and the CNIL. Three messages, each short enough to read in a chat.
 * Without a configured controller the notice says its names are examples, rather than inventing one.
 */
export const privacyFlow: Flow = {
  name: 'privacy',
  commands: ['confidentialite'],
  async start(ctx) {
    const privacy = privacyOf(ctx.core.deps);
    const contact = privacy.contact ?? ctx.t('account:privacy.exampleContact');
    const controller = privacy.controller ?? ctx.t('account:privacy.exampleController');
    const retention = ctx.t('account:privacy.retention', { count: privacy.retentionMonths });
    return [
      { text: ctx.t('account:privacy.who', { controller, contact }) },
      { text: ctx.t('account:privacy.whoSees', { retention, idleDays: IDLE_CONVERSATION_DAYS }) },
      { text: ctx.t('account:privacy.rights', { contact }) },
    ];
  },
};
