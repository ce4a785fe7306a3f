import { displayTimeZone } from '../i18n/format.ts';

/**
 * Calendar days as a person types them. A day is a `YYYY-MM-DD` string in the core and a UTC-midnight
 * `Date` in the database (`@db.Date`); "today" is the day in Paris, where the service and the law live.
 */
export type CalendarDay = string;

export type DateParse = { ok: true; day: CalendarDay } | { ok: false };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// `05/03/2026`, `5/3/2026`, also with dots or dashes, which people type too. Two-digit years are refused:
// "25" could be 1925 or 2025.
const FRENCH_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** Accepts ISO `2026-03-05` (what buttons and date pickers send) or French `05/03/2026` (day first). */
export function parseFrenchDate(text: string): DateParse {
  const trimmed = text.normalize('NFKC').trim();
  const iso = ISO_DAY.exec(trimmed);
  if (iso) return calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const french = FRENCH_DAY.exec(trimmed);
  if (french) return calendarDay(Number(french[3]), Number(french[2]), Number(french[1]));
  return { ok: false };
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
