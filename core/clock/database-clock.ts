import type { SqlRunner } from '../db/connect.ts';
import type { Clock } from './clock.ts';

/** How often the offset is measured again: clocks drift by milliseconds per hour, not per minute. */
const REFRESH_MS = 60_000;

export interface DatabaseClock extends Clock {
  /** Stops the periodic measure (the process is stopping). */
  stop(): void;
}

/**
 * Round trips per measure. The estimate is off by at most half the round trip's asymmetry, and on a busy
 * machine one round trip can take tens of milliseconds: the shortest of a few bounds the error. Two
 * instances sharing the platforms' send slots (core/outbox/rate-limit.ts) each send at "their" slot
 * time, so their offsets must agree within a few milliseconds, not tens — the two-instance broadcast
 * benchmark drew 429s with one round trip per measure.
 */
const SAMPLES = 5;

/**
 * The database server's clock, read locally: deadlines (a vote's close, a ballot cast just before it, a
 * clock firing) are decided on one clock for every instance, whatever each machine's own clock says.
 * Reading `now()` in every command would cost a round trip each; instead the offset between the
 * server's clock and this process's is measured at start and every minute, halving the shortest of a
 * few round trips.
 */
export async function databaseClock(
  sql: SqlRunner,
  options: { localNow?: () => number; refreshMs?: number } = {},
): Promise<DatabaseClock> {
  const localNow = options.localNow ?? Date.now;
  let offset = 0;
  const measure = async () => {
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < SAMPLES; i++) {
      const sent = localNow();
      const [row] = await sql.query<{ now: Date }>('SELECT clock_timestamp() AS now');
      const received = localNow();
      if (row && received - sent < shortest) {
        shortest = received - sent;
        offset = new Date(row.now).getTime() - (sent + received) / 2;
      }
    }
  };
  await measure();
  const timer = setInterval(() => {
    // A failed measure keeps the last offset: the database being briefly away does not move time.
    measure().catch(() => {});
  }, options.refreshMs ?? REFRESH_MS);
  timer.unref();
  return {
    now: () => new Date(localNow() + offset),
    stop: () => clearInterval(timer),
  };
}
