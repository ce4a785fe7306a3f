import type { SqlRunner } from '../../core/db/connect.ts';
import { readMigrations } from '../../core/db/migrate.ts';
import type { HttpRoute } from './server.ts';

/**
 * One thing the process needs to serve: the database, its migrations, each configured platform. Each
 * platform adapter provides its own.
 */
export interface ReadinessCheck {
  /** Shown in the 503 answer: `database`, `telegram`… */
  name: string;
  /** Undefined when ready; otherwise why not, in a few words: never a secret, an address or an id. */
  check(): Promise<string | undefined> | string | undefined;
}

/** A check that does not answer within this is as good as failed, for a load balancer. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * `GET /readyz`: 200 `ready` when every check passes; otherwise 503 with `not ready` and one line per
 * failing check (`database: unavailable`). Where `/healthz` only says the process is alive, this tells
 * a load balancer to send nothing here meanwhile; the process recovers by itself (the database comes
 * back, Discord reconnects), so it is asked again each time rather than remembered.
 */
export function readinessRoute(checks: readonly ReadinessCheck[]): HttpRoute {
  return {
    method: 'GET',
    path: '/readyz',
    async handle(_request, response) {
      const problems = await Promise.all(
        checks.map(async (check) => {
          const problem = await withTimeout(check).catch(() => 'unavailable');
          return problem === undefined ? undefined : `${check.name}: ${problem}`;
        }),
      );
      const failing = problems.filter((problem) => problem !== undefined);
      response.statusCode = failing.length === 0 ? 200 : 503;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end(failing.length === 0 ? 'ready' : ['not ready', ...failing].join('\n'));
    },
  };
}

async function withTimeout(check: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer in time'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The database answers. */
export function databaseCheck(sql: SqlRunner): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      await sql.query('SELECT 1');
      return undefined;
    },
  };
}

/**
 * Every migration of this build's `prisma/migrations` is recorded as applied in the database. One the
 * database has and this build does not know (a newer instance migrated it) does not count: migrations
 * add, so an older build still runs during a rolling update.
 */
export function migrationsCheck(
  sql: SqlRunner,
  expected = readMigrations().map((m) => m.name),
): ReadinessCheck {
  return {
    name: 'migrations',
    check: async () => {
      const [table] = await sql.query<{ found: boolean }>(
        `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS found`,
      );
      if (!table?.found) return 'none applied';
      const applied = await sql.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Set(applied.map((row) => row.migration_name));
      const missing = expected.filter((name) => !done.has(name)).length;
      return missing === 0 ? undefined : `${missing} not applied`;
    },
  };
}
