import { parisInstant } from '../../core/clock/working-days.ts';
import { parseFrenchDate } from '../../core/participants/dates.ts';

// `2026-03-20T18:00`, `2026-03-20 18:00`, `20/03/2026 18h00`, `20/03/2026 à 18:00`.
const WITH_TIME = /^(.+?)(?:T|\s+à\s+|\s+)(\d{1,2})[:hH](\d{2})$/u;
// A moment with its own zone, as a program would write it: `2026-03-20T17:00:00Z`, `…+01:00`.
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day alone means the end of that day in Paris: "closes on 20 March" keeps all of the 20th open. */
export const END_OF_DAY = { hour: 23, minute: 59 };

/**
 * A date and time as a mediator types it, in Paris time whatever the server's zone: a day (ISO or
 * French order, as the consumers' chat accepts), optionally followed by a time.
 */
export function parseParisDateTime(text: string): Date | undefined {
  const trimmed = text.normalize('NFKC').trim();
  if (WITH_ZONE.test(trimmed)) {
    const at = new Date(trimmed);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const timed = WITH_TIME.exec(trimmed);
  const day = parseFrenchDate(timed ? (timed[1] as string) : trimmed);
  if (!day.ok) return undefined;
  const hour = timed ? Number(timed[2]) : END_OF_DAY.hour;
  const minute = timed ? Number(timed[3]) : END_OF_DAY.minute;
  if (hour > 23 || minute > 59) return undefined;
  const [year, month, date] = day.day.split('-').map(Number) as [number, number, number];
  return parisInstant({ year, month, day: date, hour, minute, second: 0, millisecond: 0 });
}
