import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, SqlRunner } from './connect.ts';

/**
 * Applies prisma/migrations/<name>/migration.sql in order and records each one in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does, so an operator with internet access can still run
 * `prisma migrate status/deploy` against the same database. We apply them ourselves because the Prisma
 * CLI needs a schema engine it downloads at run time, and nothing may be downloaded here.
 */
export const migrationsDir = new URL('../../prisma/migrations/', import.meta.url).pathname;

/** The advisory lock key `prisma migrate` itself uses, so two instances never migrate at once. */
const MIGRATION_LOCK = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Returns the names of the migrations it applied (none when the database is up to date). */
export function applyMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.session((sql) => applyWithLock(sql, migrations));
}

async function applyWithLock(sql: SqlRunner, migrations: Migration[]): Promise<string[]> {
  await sql.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    // Created only when missing: the application's own role (README: Database roles) may read this
    // table but has no right to create anything, not even "IF NOT EXISTS".
    const [table] = await sql.query<{ found: boolean }>(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS found`,
    );
    if (!table?.found)
      await sql.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const byName = new Map(applied.map((row) => [row.migration_name, row]));
    const done: string[] = [];
    for (const migration of migrations) {
      const previous = byName.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was changed after it was applied.`);
        }
        continue;
      }
      // The migration and its record commit together: a crash leaves neither.
      const record = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
        VALUES ('${randomUUID()}', '${migration.checksum}', '${migration.name.replaceAll("'", "''")}', now(), now(), 1)`;
      await sql.exec(`BEGIN;\n${migration.sql}\n;\n${record};\nCOMMIT;`).catch(async (error: unknown) => {
        await sql.exec('ROLLBACK').catch(() => {});
        const message = (error as Error).message;
        // A role that does not own the tables (the application's, when the owner's is set apart).
        const hint = /permission denied|must be owner/.test(message)
          ? ' Migrations run as the owner of the tables: set MIGRATION_DATABASE_URL (README: Database roles).'
          : '';
        throw new MigrationError(`Migration ${migration.name} failed: ${message}${hint}`);
      });
      done.push(migration.name);
    }
    return done;
  } finally {
    await sql.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
