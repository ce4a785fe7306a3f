/**
 * Working days as French law counts them for the company's answer (product.md §3: "20 working days"):
 * Monday to Friday, minus the national public holidays, counted on the calendar of Europe/Paris
 * whatever the server's time zone. The Alsace-Moselle extra days (Good Friday, 26 December) are local,
 * not national, so they are not counted as holidays here.
 */
const PARIS = 'Europe/Paris';

/** A calendar day, without time or zone. `month` is 1..12. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

interface WallTime extends CalendarDay {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const parisFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** The wall-clock time in Paris at an instant. */
export function parisWallTime(at: Date): WallTime {
  const parts = Object.fromEntries(
    parisFormat.formatToParts(at).map((part) => [part.type, Number(part.value)] as const),
  );
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: at.getUTCMilliseconds(),
  };
}

/** The instant at which Paris shows this wall-clock time (summer and winter time both handled). */
export function parisInstant(wall: WallTime): Date {
  const asIfUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  // Paris is UTC+1 or UTC+2: correct by the offset observed at the guess, twice to settle across a change.
  let instant = asIfUtc;
  for (let i = 0; i < 2; i++) instant = asIfUtc - parisOffsetMs(new Date(instant));
  return new Date(instant);
}

function parisOffsetMs(at: Date): number {
  const wall = parisWallTime(at);
  const shown = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return shown - Math.floor(at.getTime() / 1000) * 1000;
}

/** Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** The eleven national public holidays of France (Code du travail, art. L3133-1) for one year. */
export function frenchPublicHolidays(year: number): CalendarDay[] {
  const easter = easterSunday(year);
  const fixed: [number, number][] = [
    [1, 1], // Jour de l'an
    [5, 1], // Fête du travail
    [5, 8], // Victoire 1945
    [7, 14], // Fête nationale
    [8, 15], // Assomption
    [11, 1], // Toussaint
    [11, 11], // Armistice
    [12, 25], // Noël
  ];
  return [
    ...fixed.map(([month, day]) => ({ year, month, day })),
    shiftDays(easter, 1), // Lundi de Pâques
    shiftDays(easter, 39), // Ascension
    shiftDays(easter, 50), // Lundi de Pentecôte
  ];
}

export function isFrenchWorkingDay(day: CalendarDay): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !frenchPublicHolidays(day.year).some((h) => h.month === day.month && h.day === day.day);
}

/**
 * The same Paris wall-clock time, `days` working days later. The day of `from` itself never counts
 * (like a legal deadline, counting starts the next day), so an invitation sent on Saturday at 10:00 with
 * one working day to answer is due on Monday at 10:00.
 */
export function addWorkingDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
  const start = parisWallTime(from);
  let cursor: CalendarDay = start;
  for (let counted = 0; counted < days; ) {
    cursor = shiftDays(cursor, 1);
    if (isFrenchWorkingDay(cursor)) counted += 1;
  }
  return parisInstant({ ...start, year: cursor.year, month: cursor.month, day: cursor.day });
}

function shiftDays(day: CalendarDay, by: number): CalendarDay {
  const shifted = new Date(Date.UTC(day.year, day.month - 1, day.day + by));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The same Paris wall-clock time `days` calendar days later: 90 days stay 90 days across a time change. */
export function addParisDays(from: Date, days: number): Date {
  const start = parisWallTime(from);
  const target = shiftDays(start, days);
  return parisInstant({ ...start, year: target.year, month: target.month, day: target.day });
}
