import { type Locale, locales, t } from '../../core/i18n/index.ts';

/**
 * The consumer commands of product.md §6, in the order platforms show them in their command menus. These
 * are the conversation's own ids (French); each language names them in its own words
 * (`locales/<lang>/commands.json`: `/aide` is `/help` in English), and every name works in every language.
 */
export const consumerCommands = [
  'start',
  'mediations',
  'mesdossiers',
  'voter',
  'retirer',
  'langue',
  'aide',
  'faq',
  'contact',
  'confidentialite',
  'mesdonnees',
  'lier',
  'delier',
  'supprimer',
  'annuler',
] as const;

export type ConsumerCommand = (typeof consumerCommands)[number];

/** The name a person of this language types for the command (`mesdossiers` → `myfiles` in English). */
export function commandName(locale: Locale, command: string): string {
  return t(locale, `commands:names.${command}`);
}

let byName: ReadonlyMap<string, string> | undefined;

/**
 * The conversation's command for a name typed in any language (`help`, `aide` → `aide`): someone whose
 * language is English may have read a French text, or the other way round, and both must work.
 */
export function commandOfName(name: string): string {
  byName ??= new Map(
    locales.flatMap((locale) =>
      consumerCommands.map((command) => [commandName(locale, command), command] as const),
    ),
  );
  const lower = name.toLowerCase();
  return byName.get(lower) ?? lower;
}
