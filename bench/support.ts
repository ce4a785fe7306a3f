import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ManualClock } from '../core/clock/clock.ts';
import { createLogger } from '../core/config/logger.ts';
import { type Core, createCore } from '../core/core.ts';
import { type Database, openDatabase } from '../core/db/connect.ts';
import { applyMigrations } from '../core/db/migrate.ts';
import { defaultLimits } from '../core/deps.ts';
import { memoryEvidenceStore } from '../core/storage/evidence-store.ts';

/** The PostgreSQL server benchmarks run on (the targets of the issues are set for a server). */
export const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  db: Database;
  core: Core;
  clock: ManualClock;
  url: string;
  /** Closes its connections, keeping the database (e.g. to copy it). */
  close(): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the server, dropped at the end. */
export async function freshBenchDatabase(poolSize = 20): Promise<BenchDatabase> {
  const name = benchDatabaseName();
  await adminQuery(`CREATE DATABASE ${name}`);
  const bench = await openBenchDatabase(name, poolSize);
  await applyMigrations(bench.db);
  return bench;
}

/**
 * Byte-for-byte copies of a bench database (CREATE DATABASE … TEMPLATE), so that two ways of doing the
 * same work can each start from the very same rows, pages and statistics. The source must have no open
 * connection: call its `close` first (its `drop` still works).
 */
export async function copyBenchDatabase(source: BenchDatabase, poolSize = 20): Promise<BenchDatabase> {
  const name = benchDatabaseName();
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${new URL(source.url).pathname.slice(1)}`);
  return openBenchDatabase(name, poolSize);
}

const benchDatabaseName = () => `clf_bench_${randomBytes(4).toString('hex')}`;

async function openBenchDatabase(name: string, poolSize: number): Promise<BenchDatabase> {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize });
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const core = createCore({
    db,
    clock,
    logger: createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent'),
    evidence: memoryEvidenceStore(),
    limits: defaultLimits,
  });
  let closed = false;
  const closeOnce = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  return {
    db,
    core,
    clock,
    url: url.toString(),
    close: closeOnce,
    drop: async () => {
      await closeOnce();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A statement on the server itself (CHECKPOINT, CREATE DATABASE…), outside any bench database. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Tracks the highest resident set size seen while `work` runs (sampled every 25 ms: each reading is a
 * read of /proc, and at 5 ms the sampling alone added 0.17 ms of CPU to each Telegram update measured).
 */
export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; peakRssMb: number }> {
  // `memoryUsage.rss()`, not `memoryUsage()`: the latter also walks the heap, and every 5 ms that
  // showed up in the profiles of the very work being measured.
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, ms, peakRssMb: round(peak / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

/** CPU spent so far: by this process (µs), and by each server backend serving this database (ticks). */
export interface CpuReading {
  nodeMicros: number;
  backendTicks: Map<number, number>;
  /** Queries sent to the server so far by this process, Prisma's included (`countRoundTrips`). */
  roundTrips: number;
}

let roundTrips = 0;
let counting = false;

/**
 * Counts every query this process sends through the driver from now on — ours and Prisma's, which goes
 * through the same `pg` clients: each one is a round trip, with its cost in both processes.
 */
export function countRoundTrips(): void {
  if (counting) return;
  counting = true;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    roundTrips++;
    return (query as (...args: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

/** Reads the CPU of this process and of the database's backends, in /proc: the bench's server runs here. */
export async function readCpu(db: Database): Promise<CpuReading> {
  const { user, system } = process.cpuUsage();
  const backends = await db.sql.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const backendTicks = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      // utime and stime, the 14th and 15th fields, counted after the command name (it may hold spaces).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      backendTicks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // Gone since the query, or not on this machine: nothing to read.
    }
  }
  return { nodeMicros: user + system, backendTicks, roundTrips };
}

/**
 * CPU ms spent between two readings. Per backend, so that one closed meanwhile (the pool drops idle
 * connections) subtracts nothing; one opened meanwhile counts from zero.
 */
export function cpuBetween(
  before: CpuReading,
  after: CpuReading,
): { nodeMs: number; postgresMs: number; roundTrips: number } {
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  let ticks = 0;
  for (const [pid, spent] of after.backendTicks) ticks += spent - (before.backendTicks.get(pid) ?? 0);
  return {
    nodeMs: (after.nodeMicros - before.nodeMicros) / 1000,
    postgresMs: ticks * TICK_MS,
    // The reading's own query (pg_stat_activity) is not the work's.
    roundTrips: after.roundTrips - before.roundTrips - 1,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A mediation in NEGOTIATION with an offer and `electors` admitted participants, inserted in bulk. */
export async function bulkNegotiation(
  db: Database,
  electors: number,
  slug = 'bench',
): Promise<{ mediationId: string }> {
  const [company] = await db.sql.query<{ id: string }>(
    `INSERT INTO company (slug, name) VALUES ($1, 'Bench Co') RETURNING id`,
    [`${slug}-co`],
  );
  const [mediation] = await db.sql.query<{ id: string }>(
    `INSERT INTO mediation (slug, company_id, title_fr, title_en, summary_fr, summary_en, goal_fr, goal_en, status, created_by)
     VALUES ($2, $1, 'Banc d''essai', 'Bench', 's', 's', 'g', 'g', 'NEGOTIATION', 'bench') RETURNING id`,
    [company?.id, slug],
  );
  await db.sql.query(
    `INSERT INTO offer (mediation_id, round, terms_fr, terms_en, compensation_kind, fixed_cents, recorded_by)
     VALUES ($1, 1, 'Offre', 'Offer', 'FIXED', 5000, 'bench')`,
    [mediation?.id],
  );
  await db.sql.query(
    `WITH people AS (INSERT INTO person (created_at) SELECT now() FROM generate_series(1, $2::int) RETURNING id)
     INSERT INTO participant (mediation_id, person_id, status, consent_terms_at, consent_grouping_at, consent_data_at,
       amount_cents, submitted_at)
     SELECT $1, id, 'ADMITTED', now(), now(), now(), 10000, now() FROM people`,
    [mediation?.id, electors],
  );
  await db.sql.exec('ANALYZE');
  return { mediationId: mediation?.id ?? '' };
}

/**
 * A Telegram account for every participant of a mediation (chat ids `tg-1`, `tg-2`…, in person order),
 * inserted in one statement, so a group notification to them can be delivered.
 */
export async function addTelegramAccounts(db: Database, mediationId: string): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(
    `WITH added AS (
       INSERT INTO platform_identity (person_id, platform, external_id, chat_id)
       SELECT person_id, 'TELEGRAM', 'tg-' || n, 'tg-' || n
       FROM (SELECT person_id, row_number() OVER (ORDER BY person_id) AS n
             FROM participant WHERE mediation_id = $1::uuid) p
       RETURNING 1)
     SELECT count(*)::int AS n FROM added`,
    [mediationId],
  );
  return row?.n ?? 0;
}

/**
 * A ballot for every elector of a vote, as castBallot would leave them (80 % accept, 15 % refuse, 5 %
 * abstain, each elector marked as having voted), in two statements, then VACUUM ANALYZE.
 */
export async function castBulkBallots(db: Database, voteId: string): Promise<void> {
  await db.sql.query(
    `INSERT INTO ballot (vote_id, participant_id, choice, receipt_code)
     SELECT $1, participant_id,
       CASE WHEN n % 20 < 16 THEN 'ACCEPT' WHEN n % 20 < 19 THEN 'REFUSE' ELSE 'ABSTAIN' END::"BallotChoice",
       -- A receipt code of the published format (hex digits are Crockford base-32 digits too).
       regexp_replace(upper(substr(md5(n::text), 1, 12)), '(.{4})(.{4})(.{4})', '\\1-\\2-\\3')
     FROM (SELECT participant_id, row_number() OVER () AS n FROM electorate_member WHERE vote_id = $1) e`,
    [voteId],
  );
  await db.sql.query('UPDATE electorate_member SET has_voted = true WHERE vote_id = $1', [voteId]);
  await db.sql.exec('VACUUM ANALYZE');
}
