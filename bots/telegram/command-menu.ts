import type { Telegram } from 'telegraf';
import { type Locale, t } from '../../core/i18n/index.ts';
import { commandName, consumerCommands } from '../conversation/commands.ts';

/** The menu in one language: each command under the name that language types (`/help`, `/aide`). */
export function commandMenu(locale: Locale): { command: string; description: string }[] {
  return consumerCommands.map((command) => ({
    command: commandName(locale, command),
    description: t(locale, `telegram:commands.${command}`),
  }));
}

/**
 * Registers the menu in French for everyone (and for French-speaking apps by name), and in English for
 * apps set to English: Telegram picks the list by the app's language.
 */
export async function registerCommandMenu(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands(commandMenu('fr'));
  await telegram.setMyCommands(commandMenu('fr'), { language_code: 'fr' });
  await telegram.setMyCommands(commandMenu('en'), { language_code: 'en' });
}
