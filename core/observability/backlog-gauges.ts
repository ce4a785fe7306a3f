import { Gauge } from 'prom-client';
import { MINUTE } from '../clock/clock.ts';
import { safeErrorSummary } from '../commands/command.ts';
import type { CoreDeps } from '../deps.ts';
import { timerKinds } from '../scheduler/timer-kinds.ts';
import { METRIC_PREFIX, type Metrics } from './metrics.ts';

/** A timer still not fired this long after it was due is late: the scheduler ticks every few seconds. */
export const TIMER_LATE_AFTER_MS = MINUTE;

const audiences = ['person', 'mediators', 'group', 'public'] as const;

/**
 * The gauges read from the database when Prometheus scrapes (one query for the outbox, one for the
 * timers), so every instance reports the same numbers, those of the shared database. While the
 * database does not answer they are left out of the scrape, and the counters are still served.
 */
export function watchBacklog(metrics: Metrics, deps: Pick<CoreDeps, 'db' | 'clock' | 'logger'>): void {
  const outbox = oncePerScrape(() => readOutbox(deps));
  const timers = oncePerScrape(() => readTimers(deps));
  const registers = [metrics.registry];

  new Gauge({
    name: `${METRIC_PREFIX}outbox_pending_messages`,
    help: 'Outbox rows waiting to be delivered (status PENDING), by audience; a group row stands for a whole group until it is expanded.',
    labelNames: ['audience'],
    registers,
    async collect() {
      const rows = await outbox();
      this.reset();
      for (const row of rows ?? []) this.set({ audience: row.audience }, row.pending);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}outbox_oldest_pending_age_seconds`,
    help: 'Age of the oldest outbox row still pending, by audience (0 when none is).',
    labelNames: ['audience'],
    registers,
    async collect() {
      const rows = await outbox();
      this.reset();
      for (const row of rows ?? []) this.set({ audience: row.audience }, row.oldestAgeSeconds);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}timers_due`,
    help: 'Timers whose time has come and that have not fired yet (nor were cancelled), by kind.',
    labelNames: ['kind'],
    registers,
    async collect() {
      const rows = await timers();
      this.reset();
      for (const row of rows ?? []) this.set({ kind: row.kind }, row.due);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}timers_late`,
    help: `Timers still not fired ${TIMER_LATE_AFTER_MS / 1000} s or more after they were due, by kind.`,
    labelNames: ['kind'],
    registers,
    async collect() {
      const rows = await timers();
      this.reset();
      for (const row of rows ?? []) this.set({ kind: row.kind }, row.late);
    },
  });
}

interface OutboxLine {
  audience: string;
  pending: number;
  oldestAgeSeconds: number;
}

async function readOutbox(
  deps: Pick<CoreDeps, 'db' | 'clock' | 'logger'>,
): Promise<OutboxLine[] | undefined> {
  const now = deps.clock.now();
  const rows = await quietly(
    deps,
    deps.db.prisma.$queryRaw<{ audience: string; pending: number; oldest: Date }[]>`
      SELECT audience, count(*)::int AS pending, min(created_at) AS oldest
      FROM outbox_message WHERE status = 'PENDING' GROUP BY audience`,
  );
  if (!rows) return undefined;
  // Every audience is reported, 0 included, so a graph or an alert never sees the series vanish.
  return audiences.map((audience) => {
    const row = rows.find((candidate) => candidate.audience === audience);
    return {
      audience,
      pending: row?.pending ?? 0,
      oldestAgeSeconds: row ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0,
    };
  });
}

interface TimerLine {
  kind: string;
  due: number;
  late: number;
}

async function readTimers(deps: Pick<CoreDeps, 'db' | 'clock' | 'logger'>): Promise<TimerLine[] | undefined> {
  const now = deps.clock.now();
  const lateBefore = new Date(now.getTime() - TIMER_LATE_AFTER_MS);
  const rows = await quietly(
    deps,
    deps.db.prisma.$queryRaw<{ kind: string; due: number; late: number }[]>`
      SELECT kind, count(*)::int AS due, (count(*) FILTER (WHERE due_at <= ${lateBefore}))::int AS late
      FROM timer WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ${now} GROUP BY kind`,
  );
  if (!rows) return undefined;
  const kinds = [...new Set([...timerKinds, ...rows.map((row) => row.kind)])];
  return kinds.map((kind) => {
    const row = rows.find((candidate) => candidate.kind === kind);
    return { kind, due: row?.due ?? 0, late: row?.late ?? 0 };
  });
}

/** A failed read leaves its gauges out of this scrape rather than failing the whole `/metrics`. */
async function quietly<T>(deps: Pick<CoreDeps, 'logger'>, query: Promise<T>): Promise<T | undefined> {
  try {
    return await query;
  } catch (error) {
    deps.logger.warn({ err: safeErrorSummary(error) }, 'metrics not read from the database');
    return undefined;
  }
}

/**
 * One query for the gauges that share it: a scrape collects every gauge at once, so the second
 * gauge joins the query the first one started.
 */
function oncePerScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= load().finally(() => {
      running = undefined;
    });
    return running;
  };
}
