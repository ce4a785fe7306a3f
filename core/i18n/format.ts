import type { Locale } from './locale.ts';

/** Every time is stored in UTC and shown in Paris time (product.md §3), wherever the server runs. */
export const displayTimeZone = 'Europe/Paris';

/**
 * The Intl locale behind each of our languages. English is written the American way the product
 * shows it: `February 1, 2027 at 8:58 AM`, `€1,234.56`.
 */
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-US' };

// Building an Intl formatter is costly compared to using one: keep one per language and style.
type IntlFormat = Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat | Intl.RelativeTimeFormat;
const cache = new Map<string, IntlFormat>();
function cached<T extends IntlFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/**
 * A count: `12 345` in French (a narrow no-break space, U+202F, between thousands, so a number
 * never breaks across two lines), `12,345` in English. Every number a text interpolates goes
 * through here (see translator.ts); a number that is not a quantity (a year, a process id) is
 * passed as a string.
 */
export function formatNumber(value: number, locale: Locale): string {
  return cached(
    `number:${locale}`,
    () => new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2 }),
  ).format(value);
}

/**
 * Amounts are stored as integer cents. French output uses the spaces Intl produces: a narrow
 * no-break space (U+202F) between thousands and a no-break space (U+00A0) before the euro sign,
 * so an amount is never split across two lines: `1 234,56 €`.
 */
export function formatMoney(cents: number, locale: Locale): string {
  return cached(
    `money:${locale}`,
    () => new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency: 'EUR' }),
  ).format(cents / 100);
}

/** `1er février 2027` (French writes the first of the month as an ordinal) / `February 1, 2027`, the day in Paris. */
export function formatDate(when: Date | string, locale: Locale): string {
  const format = cached(
    `date:${locale}`,
    () => new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone: displayTimeZone }),
  );
  if (locale === 'en') return format.format(toDate(when));
  return format
    .formatToParts(toDate(when))
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/**
 * `8 h 58`, `8 h` on the hour (French typography: no leading zero, `h` between spaces that do not
 * break) / `8:58 AM`, Paris time.
 */
export function formatTime(when: Date | string, locale: Locale): string {
  if (locale === 'en') {
    return cached(
      'time:en',
      () => new Intl.DateTimeFormat(intlLocale.en, { timeStyle: 'short', timeZone: displayTimeZone }),
    )
      .format(toDate(when))
      .replace(icuSpace, ' ');
  }
  const parts = cached(
    'time:fr',
    () =>
      new Intl.DateTimeFormat('fr-FR', {
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: displayTimeZone,
      }),
  ).formatToParts(toDate(when));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${hour}\u00a0h` : `${hour}\u00a0h\u00a0${minute}`;
}

/** ICU versions differ on the space before AM/PM (U+0020 or U+202F): always the ordinary one. */
const icuSpace = /\u202f/g;

/** `1er février 2027 à 8 h 58` / `February 1, 2027 at 8:58 AM`, Paris time (summer or winter alike). */
export function formatDateTime(when: Date | string, locale: Locale): string {
  if (locale === 'en') {
    return cached(
      'datetime:en',
      () =>
        new Intl.DateTimeFormat(intlLocale.en, {
          dateStyle: 'long',
          timeStyle: 'short',
          timeZone: displayTimeZone,
        }),
    )
      .format(toDate(when))
      .replace(icuSpace, ' ');
  }
  return `${formatDate(when, locale)} à ${formatTime(when, locale)}`;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * « dans 2 jours », « dans 5 heures », « dans 40 minutes » ("in 2 days"…): how long until a deadline,
 * in the largest unit that still reads whole (days from 2 days on, hours from 2 hours on). Rounded
 * down, so it never promises more time than is left. Intl words it and chooses each plural.
 */
export function formatTimeLeft(until: Date, now: Date, locale: Locale): string {
  const ms = Math.max(0, until.getTime() - now.getTime());
  const words = cached(
    `relative:${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'always' }),
  );
  const [count, unit]: [number, Intl.RelativeTimeFormatUnit] =
    ms >= 2 * day
      ? [Math.floor(ms / day), 'day']
      : ms >= 2 * hour
        ? [Math.floor(ms / hour), 'hour']
        : [Math.max(1, Math.floor(ms / minute)), 'minute'];
  // ICU separates the count from its unit with an ordinary space: in French they never part.
  const said = words.format(count, unit);
  return locale === 'fr' ? said.replace(/(\d) (?=\p{L})/u, '$1\u00a0') : said;
}

/** `A, B et C` / `A, B, and C`. */
export function formatList(items: readonly string[], locale: Locale): string {
  return cached(
    `list:${locale}`,
    () => new Intl.ListFormat(intlLocale[locale], { type: 'conjunction', style: 'long' }),
  ).format(items);
}

/**
 * Data written as a sentence (a mediation's goal) shown after a colon: French continues the
 * sentence in lower case (« Objectif : cette médiation… »). An acronym (« SFR ») keeps its capitals.
 */
export function continueAfterColon(text: string, locale: Locale): string {
  if (locale !== 'fr' || text.length < 2) return text;
  const [first, second] = [text[0] as string, text[1] as string];
  if (second !== second.toLowerCase()) return text;
  return first.toLocaleLowerCase('fr') + text.slice(1);
}

/** Notification params carry dates as ISO strings (they travel through the outbox as JSON). */
function toDate(when: Date | string): Date {
  const date = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(when)}`);
  return date;
}

/**
 * « 1 entry », « 3 entries »: a count in the operator tools' messages, which are written in English
 * only (the backup, restore and audit commands). Texts a person reads go through the locale files.
 */
export function englishCount(count: number, one: string, other = `${one}s`): string {
  return `${formatNumber(count, 'en')} ${count === 1 ? one : other}`;
}
