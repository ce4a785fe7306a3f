import { displayTimeZone } from '../i18n/format.ts';

/**
 * Calendar days as a person types them. A day is a `YYYY-MM-DD` string in the core and a UTC-midnight
 * `Date` in the database (`@db.Date`); "today" is the day in Paris, where the service and the law live.
 */
export type CalendarDay = string;

export type DateParse =
  | { ok: true; day: CalendarDay }
  /** `month` when only a month and a year were given (« mars 2024 »): the day is still to be asked. */
  | { ok: false; month?: { year: number; month: number } };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// `05/03/2026`, `5/3/2026`, also with dots or dashes, which people type too. Two-digit years are refused:
// "25" could be 1925 or 2025.
const FRENCH_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * Accepts ISO `2026-03-05` (what buttons and date pickers send), French `05/03/2026` (day first), and
 * days written out: « 1er mars 2024 », « le 1 mars 2024 », "March 1, 2024", "1st March 2024". A month
 * alone (« mars 2024 ») is not a day: it comes back with `month`, so the day can be asked for.
 */
export function parseFrenchDate(text: string): DateParse {
  const trimmed = text.normalize('NFKC').trim();
  const iso = ISO_DAY.exec(trimmed);
  if (iso) return calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const french = FRENCH_DAY.exec(trimmed);
  if (french) return calendarDay(Number(french[3]), Number(french[2]), Number(french[1]));
  return parseWrittenDate(trimmed);
}

/** Month names and their usual abbreviations, French and English, without accents. */
const MONTHS: Record<string, number> = Object.fromEntries(
  [
    ['janvier janv jan january', 1],
    ['fevrier fevr fev february feb', 2],
    ['mars march mar', 3],
    ['avril avr april apr', 4],
    ['mai may', 5],
    ['juin june jun', 6],
    ['juillet juil july jul', 7],
    ['aout august aug', 8],
    ['septembre sept sep september', 9],
    ['octobre oct october', 10],
    ['novembre nov november', 11],
    ['decembre dec december', 12],
  ].flatMap(([names, month]) =>
    String(names)
      .split(' ')
      .map((name) => [name, Number(month)]),
  ),
);

const DAY_MONTH_YEAR = /^(\d{1,2})(?:er|st|nd|rd|th)? ([a-z]+) (\d{4})$/;
const MONTH_DAY_YEAR = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/;
const MONTH_YEAR = /^([a-z]+) (\d{4})$/;

function parseWrittenDate(text: string): DateParse {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:le|the|on) /, '');
  const dayFirst = DAY_MONTH_YEAR.exec(words);
  const monthFirst = dayFirst ? null : MONTH_DAY_YEAR.exec(words);
  const [day, name, year] = dayFirst
    ? [dayFirst[1], dayFirst[2], dayFirst[3]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3]]
      : [];
  if (day && name && year) {
    const month = MONTHS[name];
    return month ? calendarDay(Number(year), month, Number(day)) : { ok: false };
  }
  const monthOnly = MONTH_YEAR.exec(words);
  const month = monthOnly ? MONTHS[monthOnly[1] as string] : undefined;
  const onlyYear = Number(monthOnly?.[2]);
  if (!month || onlyYear < 1900 || onlyYear > 2999) return { ok: false };
  return { ok: false, month: { year: onlyYear, month } };
}

function calendarDay(year: number, month: number, day: number): DateParse {
  if (year < 1900 || year > 2999) return { ok: false };
  const date = new Date(Date.UTC(year, month - 1, day));
  // `Date.UTC` rolls 31/02 over into March: a real day comes back unchanged.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false };
  }
  return { ok: true, day: dayOf(date) };
}

/** The `YYYY-MM-DD` of a UTC-midnight date read from a `@db.Date` column. */
export function dayOf(date: Date): CalendarDay {
  return date.toISOString().slice(0, 10);
}

/** What a `@db.Date` column stores for a calendar day. */
export function dateOfDay(day: CalendarDay): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: displayTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Paris at this instant (late evening UTC is already tomorrow in Paris). */
export function parisToday(now: Date): CalendarDay {
  return parisDay.format(now);
}

/** The same day one year earlier; 29 February falls back to the 28th. */
export function oneYearBefore(day: CalendarDay): CalendarDay {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const sameDay = calendarDay(year - 1, month, date);
  return sameDay.ok ? sameDay.day : `${year - 1}-02-28`;
}
