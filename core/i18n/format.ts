import type { Locale } from './locale.ts';

/** Every time is stored in UTC and shown in Paris time (product.md §3), wherever the server runs. */
export const displayTimeZone = 'Europe/Paris';

/**
 * The Intl locale behind each of our languages. British English gives `€1,234.56`, a day-month-year
 * order and a 24-hour clock, which read naturally for a European audience.
 */
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

// Building an Intl formatter is costly compared to using one: keep one per language and style.
const moneyFormats = new Map<Locale, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Amounts are stored as integer cents. French output uses the spaces Intl produces: a narrow
 * no-break space (U+202F) between thousands and a no-break space (U+00A0) before the euro sign,
 * so an amount is never split across two lines: `1 234,56 €`.
 */
export function formatMoney(cents: number, locale: Locale): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency: 'EUR' });
    moneyFormats.set(locale, format);
  }
  return format.format(cents / 100);
}

/** `29 mars 2026` / `29 March 2026`, the day in Paris. */
export function formatDate(when: Date | string, locale: Locale): string {
  return dateFormat(locale, 'date').format(toDate(when));
}

/** `29 mars 2026 à 14:00` / `29 March 2026 at 14:00`, Paris time (summer or winter alike). */
export function formatDateTime(when: Date | string, locale: Locale): string {
  return dateFormat(locale, 'datetime').format(toDate(when));
}

function dateFormat(locale: Locale, style: 'date' | 'datetime'): Intl.DateTimeFormat {
  const cacheKey = `${locale}:${style}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale[locale], {
      dateStyle: 'long',
      timeStyle: style === 'datetime' ? 'short' : undefined,
      timeZone: displayTimeZone,
    });
    dateFormats.set(cacheKey, format);
  }
  return format;
}

/** Notification params carry dates as ISO strings (they travel through the outbox as JSON). */
function toDate(when: Date | string): Date {
  const date = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(when)}`);
  return date;
}
