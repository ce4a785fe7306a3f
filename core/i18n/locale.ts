/** The languages every word a person reads exists in (product.md §1). French is the primary one. */
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Chooses the language to speak to a person: their saved choice (`/langue`) first, then the language
 * their platform reports (Telegram `language_code`, Discord `locale`, Slack `locale`), then French.
 * Platforms send tags like `en-US`, `fr_CA` or `EN`: only the primary language subtag matters.
 */
export function negotiateLocale(input: {
  saved?: string | null;
  platformLanguage?: unknown;
  fallback?: Locale;
}): Locale {
  if (isLocale(input.saved)) return input.saved;
  // What a platform reports is read as it comes: anything but a string is no language at all.
  const reported = typeof input.platformLanguage === 'string' ? input.platformLanguage : '';
  const primary = reported.trim().toLowerCase().split(/[-_]/)[0];
  if (isLocale(primary)) return primary;
  return input.fallback ?? defaultLocale;
}
