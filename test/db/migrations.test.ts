import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  type Migration,
  MigrationError,
  migrationsDir,
  readMigrations,
} from '../../core/db/migrate.ts';
import { usingServer } from '../support/database.ts';
import { type FreshDatabase, openFreshDatabase } from '../support/fresh-database.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: sha256(sql) });
const shipped = readMigrations();

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

describe('migrating a new installation', () => {
  let fresh: FreshDatabase;
  const records = () =>
    fresh.db.sql.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  const tableExists = async (name: string) =>
    (
      await fresh.db.sql.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [
        'public',
        name,
      ])
    ).length === 1;

  beforeAll(async () => {
    fresh = await openFreshDatabase();
  });
  afterAll(() => fresh.close());

  it('applies every migration the first time and nothing the second time', async () => {
    expect(shipped.map((m) => m.name)).toContain('20261127000000_init');
    expect(await applyMigrations(fresh.db)).toEqual(shipped.map((m) => m.name));
    expect(await applyMigrations(fresh.db)).toEqual([]);
    expect(await records()).toHaveLength(shipped.length);
    expect(await tableExists('mediation')).toBe(true);
  });

  it('records each migration as `prisma migrate deploy` does', async () => {
    const rows = await records();
    for (const m of shipped) {
      const onDisk = readFileSync(join(migrationsDir, m.name, 'migration.sql'), 'utf8');
      const row = rows.find((r) => r.migration_name === m.name);
      expect(row).toMatchObject({
        checksum: sha256(onDisk),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row?.finished_at).toBeInstanceOf(Date);
      expect(row?.finished_at?.getTime()).toBeGreaterThanOrEqual(row?.started_at.getTime() ?? Infinity);
    }
    // The bookkeeping table has Prisma's own definition, so `prisma migrate status` can read it.
    const columns = await fresh.db.sql.query<{ column_name: string; type: string; is_nullable: string }>(
      `SELECT column_name, format_type(atttypid, atttypmod) AS type, is_nullable
       FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = '"_prisma_migrations"'::regclass AND a.attname = c.column_name
       WHERE c.table_name = '_prisma_migrations' ORDER BY c.ordinal_position`,
    );
    expect(
      columns.map((c) => `${c.column_name} ${c.type}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}`),
    ).toEqual([
      'id character varying(36) NOT NULL',
      'checksum character varying(64) NOT NULL',
      'finished_at timestamp with time zone',
      'migration_name character varying(255) NOT NULL',
      'logs text',
      'rolled_back_at timestamp with time zone',
      'started_at timestamp with time zone NOT NULL',
      'applied_steps_count integer NOT NULL',
    ]);
  });

  it('refuses a migration file changed after it was applied, and changes nothing', async () => {
    const edited = shipped.map((m) => migration(m.name, `${m.sql}\n-- edited afterwards\n`));
    const attempt = applyMigrations(fresh.db, edited);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(`Migration ${shipped[0]?.name} was changed after it was applied.`);
    expect(await records()).toHaveLength(shipped.length);
  });

  it('applies a later migration on top of the applied ones', async () => {
    const later = migration(
      '29990101000000_add_test_table',
      'CREATE TABLE "later_test_table" ("id" INTEGER);',
    );
    expect(await applyMigrations(fresh.db, [...shipped, later])).toEqual([later.name]);
    expect(await applyMigrations(fresh.db, [...shipped, later])).toEqual([]);
    expect(await tableExists('later_test_table')).toBe(true);
  });

  it('leaves no trace of a failing migration, and applies it once fixed', async () => {
    const broken = migration(
      '29990102000000_broken',
      'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1 / 0;',
    );
    const attempt = applyMigrations(fresh.db, [...shipped, broken]);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/Migration 29990102000000_broken failed: .*division by zero/);
    expect(await tableExists('half_done')).toBe(false);
    expect((await records()).map((r) => r.migration_name)).not.toContain(broken.name);

    // The advisory lock was released: the fixed migration goes through.
    const fixed = migration(broken.name, 'CREATE TABLE "half_done" ("id" INTEGER);');
    expect(await applyMigrations(fresh.db, [...shipped, fixed])).toEqual([fixed.name]);
    expect(await tableExists('half_done')).toBe(true);
  });
});

describe.skipIf(!usingServer())('two instances starting at once on an empty PostgreSQL database', () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await openFreshDatabase();
  });
  afterAll(() => fresh.close());

  it('migrate it once, without error', async () => {
    const other = await fresh.openAnother();
    const results = await Promise.all([applyMigrations(fresh.db), applyMigrations(other)]);
    expect(results.map((names) => names.length).sort()).toEqual([0, shipped.length]);
    const rows = await fresh.db.sql.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(shipped.map((m) => m.name));
  });
});
