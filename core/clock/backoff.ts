import { HOUR } from './clock.ts';

export interface Backoff {
  /** Delay before the second try, in milliseconds; each later try waits twice as long. */
  baseMs: number;
  /** No wait is ever longer: a thing that keeps failing is still retried at least this often. */
  capMs: number;
  /**
   * Part of each delay drawn at random (0 = none, 0.5 = between half and the full delay), so instances
   * that failed together (the database restarting, a platform outage) do not all come back at once.
   */
  jitter: number;
}

export const defaultBackoff: Backoff = { baseMs: 5_000, capMs: HOUR, jitter: 0.5 };

/** How long to wait after the `failures`-th failure (1 for the first one). */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const full = Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
  return Math.round(full * (1 - backoff.jitter * random()));
}
