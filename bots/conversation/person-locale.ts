import type { Core } from '../../core/core.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { type Locale, negotiateLocale } from '../../core/i18n/index.ts';
import type { Incoming } from './types.ts';

/**
 * The language of a message an adapter writes itself (outside the conversation's replies): the
 * person's saved choice (`/langue`), else their app's language, else French. Without `chatId`, the
 * place notifications go to is left as it is.
 */
export async function personLocale(
  core: Core,
  person: Omit<Incoming, 'event' | 'chatId'> & { chatId?: string },
): Promise<Locale> {
  const platform: Platform = person.platform;
  const identified = await core.identifyPerson(systemActor(platform.toLowerCase()), {
    platform,
    externalId: person.userId,
    chatId: person.chatId,
    languageCode: person.languageCode,
  });
  return negotiateLocale({
    saved: identified.ok ? identified.value.locale : undefined,
    platformLanguage: person.languageCode,
  });
}
