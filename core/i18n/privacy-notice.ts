import type { PrivacySettings } from '../deps.ts';
import { IDLE_CONVERSATION_DAYS } from '../retention/periods.ts';
import type { TextParams } from './translator.ts';

/**
 * The privacy notice the RGPD requires (art. 13), in three parts: who the controller is and what is
 * kept, who sees what and for how long, the rights and the CNIL. The chat (`/confidentialite`) and the
 * web site (`/privacy`) both print these very texts, so the two can never say different things.
 * Without a configured controller the notice says its names are examples, rather than inventing one.
 */
export function privacyNotice(
  say: (key: string, params?: TextParams) => string,
  privacy: PrivacySettings,
): [who: string, whoSees: string, rights: string] {
  const { contact, controller } = privacyIdentity(say, privacy);
  const retention = say('account:privacy.retention', { count: privacy.retentionMonths });
  return [
    say('account:privacy.who', { controller, contact }),
    say('account:privacy.whoSees', { retention, idleDays: IDLE_CONVERSATION_DAYS }),
    say('account:privacy.rights', { contact }),
  ];
}

/** The service's controller and how to reach them, or the examples the demo states as such. */
export function privacyIdentity(
  say: (key: string, params?: TextParams) => string,
  privacy: PrivacySettings,
): { controller: string; contact: string } {
  return {
    controller: privacy.controller ?? say('account:privacy.exampleController'),
    contact: privacy.contact ?? say('account:privacy.exampleContact'),
  };
}
