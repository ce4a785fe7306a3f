import { z } from 'zod';
import { type Backoff, backoffDelay, defaultBackoff } from '../clock/backoff.ts';
import { HOUR } from '../clock/clock.ts';
import { type Command, runInTransaction, safeErrorSummary } from '../commands/command.ts';
import type { CoreDeps } from '../deps.ts';
import { systemActor } from '../domain/actor.ts';
import { CommandRefused } from '../domain/errors.ts';
import { startTicker, type Ticker } from './ticker.ts';
import type { TimerHandler, TimerHandlers } from './timer-handler.ts';
import { timerHandlers } from './timer-handlers.ts';
import type { TimerKind } from './timer-kinds.ts';

export interface FireOptions {
  /** At most this many timers per tick, so that the first tick after a long downtime ends in time. */
  limit: number;
  /** Names this process in logs. */
  instanceId: string;
  /** Which code runs for each kind; the core's own handlers unless a test passes its own. */
  handlers?: TimerHandlers;
  /** How long a failing timer waits before its next try. */
  backoff?: Backoff;
  random?: () => number;
}

export interface FiredTimer {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
}

export interface FireReport {
  fired: FiredTimer[];
  failed: FiredTimer[];
  /** Due timers of kinds this process has no handler for: left untouched for an instance that has one. */
  unhandled: { kind: string; count: number }[];
}

interface DueTimer extends FiredTimer {
  attempts: number;
}

/** A failing timer is retried for ever (a vote must close), but at least once an hour. */
const timerBackoff: Backoff = { ...defaultBackoff, baseMs: 10_000, capMs: HOUR };

/**
 * Fires every timer that is due, oldest first, each in a transaction of its own: the row is locked
 * (`FOR UPDATE SKIP LOCKED`, so another instance takes the next one instead of waiting), the handler's
 * effects are written, and `fired_at` is set — all in one commit, so a timer fires exactly once, also
 * after downtime and with several instances on one database.
 */
export async function fireDueTimers(deps: CoreDeps, options: FireOptions): Promise<FireReport> {
  const handlers = options.handlers ?? timerHandlers;
  const kinds = Object.entries(handlers)
    .filter(([, handler]) => handler)
    .map(([kind]) => kind);
  const report: FireReport = { fired: [], failed: [], unhandled: await dueUnhandled(deps, kinds) };
  // A timer that failed in this tick is not picked again in it, even if recording its failure failed.
  const triedThisTick: string[] = [];
  while (report.fired.length + report.failed.length < options.limit) {
    const outcome = await fireNextTimer(deps, handlers, kinds, triedThisTick, options);
    if (!outcome) break;
    triedThisTick.push(outcome.timer.id);
    report[outcome.fired ? 'fired' : 'failed'].push(publicView(outcome.timer));
  }
  return report;
}

async function fireNextTimer(
  deps: CoreDeps,
  handlers: TimerHandlers,
  kinds: string[],
  excluded: string[],
  options: FireOptions,
): Promise<{ timer: DueTimer; fired: boolean } | undefined> {
  let claimed: DueTimer | undefined;
  try {
    return await deps.db.prisma.$transaction(
      async (tx) => {
        const now = deps.clock.now();
        const [timer] = await tx.$queryRaw<DueTimer[]>`
          SELECT id, kind, subject_id AS "subjectId", due_at AS "dueAt", attempts
          FROM timer
          WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ${now}
            AND (retry_at IS NULL OR retry_at <= ${now})
            AND kind = ANY(${kinds}::text[])
            AND NOT (id = ANY(${excluded}::uuid[]))
          ORDER BY due_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`;
        if (!timer) return undefined;
        claimed = timer;
        const handler = handlers[timer.kind as TimerKind] as TimerHandler;
        await runInTransaction(
          deps,
          asCommand(timer.kind, handler),
          systemActor('scheduler'),
          timer.subjectId,
          tx,
        );
        await tx.timer.update({ where: { id: timer.id }, data: { firedAt: now, retryAt: null } });
        return { timer, fired: true };
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    // Nothing was claimed: the database itself failed. The tick stops and the ticker logs it.
    if (!claimed) throw error;
    await recordFailure(deps, claimed, error, options);
    return { timer: claimed, fired: false };
  }
}

/** Lets a handler run through the command runner, which flushes its audit entries, notifications and timers. */
function asCommand(kind: string, handler: TimerHandler): Command<string, void> {
  return {
    name: `timer:${kind}`,
    actors: ['system'],
    input: z.string(),
    run: (ctx, subjectId, deps) => handler(ctx, subjectId, deps),
  };
}

/** The handler's transaction rolled back; note the failure (outside it) so the next try waits longer. */
async function recordFailure(deps: CoreDeps, timer: DueTimer, error: unknown, options: FireOptions) {
  const failures = timer.attempts + 1;
  const delay = backoffDelay(failures, options.backoff ?? timerBackoff, options.random);
  const retryAt = new Date(deps.clock.now().getTime() + delay);
  const summary = describeError(error);
  // Ids and the error's first line only: a handler's error must not carry personal data into the logs.
  deps.logger.error(
    {
      instance: options.instanceId,
      timerId: timer.id,
      kind: timer.kind,
      attempt: failures,
      retryAt,
      err: summary,
    },
    'timer handler failed; it will be retried',
  );
  try {
    await deps.db.prisma.timer.updateMany({
      where: { id: timer.id, firedAt: null },
      data: { attempts: { increment: 1 }, lastError: summary, retryAt },
    });
  } catch (recordError) {
    deps.logger.error(
      { timerId: timer.id, err: safeErrorSummary(recordError) },
      'could not record timer failure',
    );
  }
}

function describeError(error: unknown): string {
  if (error instanceof CommandRefused) return `refused: ${error.error.code} ${error.error.messageKey}`;
  return safeErrorSummary(error);
}

async function dueUnhandled(deps: CoreDeps, kinds: string[]) {
  const now = deps.clock.now();
  return deps.db.prisma.$queryRaw<{ kind: string; count: number }[]>`
    SELECT kind, count(*)::int AS count FROM timer
    WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ${now}
      AND NOT (kind = ANY(${kinds}::text[]))
    GROUP BY kind ORDER BY kind`;
}

function publicView({ id, kind, subjectId, dueAt }: DueTimer): FiredTimer {
  return { id, kind, subjectId, dueAt };
}

export interface SchedulerOptions {
  intervalMs: number;
  instanceId: string;
  limit?: number;
  handlers?: TimerHandlers;
  backoff?: Backoff;
}

/**
 * Fires due timers every `intervalMs`, and at once again while a tick was full. A due timer of a kind
 * with no handler is never marked fired (its effect would be lost for good) but left for an instance
 * that knows it — e.g. a newer version during a rolling deploy — and reported at most once an hour.
 */
export function startScheduler(deps: CoreDeps, options: SchedulerOptions): Ticker {
  const limit = options.limit ?? 100;
  const lastWarned = new Map<string, number>();
  return startTicker('scheduler', deps.logger, options.intervalMs, async () => {
    const report = await fireDueTimers(deps, { ...options, limit });
    const now = deps.clock.now().getTime();
    for (const { kind, count } of report.unhandled) {
      if (now - (lastWarned.get(kind) ?? Number.NEGATIVE_INFINITY) < HOUR) continue;
      lastWarned.set(kind, now);
      deps.logger.warn({ instance: options.instanceId, kind, count }, 'due timers with no handler here');
    }
    return { moreWaiting: report.fired.length + report.failed.length >= limit };
  });
}
