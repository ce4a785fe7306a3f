import type { Core } from '../../core/core.ts';
import { type Locale, negotiateLocale } from '../../core/i18n/index.ts';
import { CONSOLE_CHAT_ID } from './console-channel.ts';

/**
 * The language of the person at the terminal, as the conversation negotiates it: their `/langue`
 * choice once made, the configured language before. Read at each answer, so the terminal's own hints
 * switch language together with the conversation.
 */
export function terminalLocale(core: Core, fallback: Locale): () => Promise<Locale> {
  return async () => {
    const identity = await core.deps.db.prisma.platformIdentity.findUnique({
      where: { platform_externalId: { platform: 'CONSOLE', externalId: CONSOLE_CHAT_ID } },
      select: { person: { select: { locale: true } } },
    });
    return negotiateLocale({ saved: identity?.person.locale, platformLanguage: fallback });
  };
}
