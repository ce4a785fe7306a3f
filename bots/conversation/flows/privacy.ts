import { privacyOf } from '../../../core/deps.ts';
import { privacyNotice } from '../../../core/i18n/privacy-notice.ts';
import type { Flow } from '../flow.ts';

/**
 * `/confidentialite`: the privacy notice (core/i18n/privacy-notice.ts, the web site prints the same),
 * as three messages, each short enough to read in a chat.
 */
export const privacyFlow: Flow = {
  name: 'privacy',
  commands: ['confidentialite'],
  async start(ctx) {
    return privacyNotice(ctx.t, privacyOf(ctx.core.deps)).map((text) => ({ text }));
  },
};
