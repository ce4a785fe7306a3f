import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type Core, createCore } from '../../core/core.ts';
import { type Database, openDatabase } from '../../core/db/connect.ts';
import { migrateConfiguredDatabase } from '../../core/db/open-configured.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { defaultLimits } from '../../core/deps.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import {
  databaseEvidenceStore,
  pruneOrphanEvidenceFiles,
} from '../../core/storage/database-evidence-store.ts';
import { memoryEvidenceStore } from '../../core/storage/evidence-store.ts';
import { usingServer } from '../support/database.ts';

// Roles exist on a server only (PGlite has one superuser): this runs in CI's PostgreSQL pass. It sets
// the roles up as README's "Database roles" says, with names of its own (roles are cluster-wide).
const grantsFile = new URL('../../prisma/app-role-grants.sql', import.meta.url);

describe.runIf(usingServer())("the application's database role (PostgreSQL)", () => {
  const suffix = randomBytes(5).toString('hex');
  const owner = `clf_owner_${suffix}`;
  const app = `clf_app_${suffix}`;
  const database = `clf_roles_${suffix}`;
  const urlAs = (role: string) => {
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.username = role;
    url.password = '';
    url.pathname = `/${database}`;
    return url.toString();
  };
  const superuser = async (sql: string) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let appDb: Database;
  let ownerDb: Database;
  let core: Core;
  let entries = 0;
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));

  beforeAll(async () => {
    await superuser(`CREATE ROLE ${owner} LOGIN`);
    await superuser(`CREATE ROLE ${app} LOGIN`);
    await superuser(`CREATE DATABASE ${database} OWNER ${owner}`);
    const config = {
      DATABASE_URL: urlAs(app),
      MIGRATION_DATABASE_URL: urlAs(owner),
      DATA_DIR: '/nonexistent',
    };
    appDb = await openDatabase({ databaseUrl: urlAs(app), poolSize: 4 });
    // Start-up: the migrations run as the owner, not through the application's connection.
    expect((await migrateConfiguredDatabase(config, appDb)).length).toBeGreaterThan(2);
    // The grants, exactly as the README runs them (psql -c "SET clf.app_role = …" -f <file>).
    const grants = new pg.Client({ connectionString: urlAs(owner) });
    await grants.connect();
    await grants.query(`SET clf.app_role = '${app}'`);
    await grants.query(readFileSync(grantsFile, 'utf8'));
    await grants.end();
    ownerDb = await openDatabase({ databaseUrl: urlAs(owner), poolSize: 1 });
    core = createCore({
      db: appDb,
      clock,
      logger: createLogger('silent'),
      evidence: memoryEvidenceStore(),
      limits: defaultLimits,
    });
  }, 120_000);

  afterAll(async () => {
    await appDb?.close();
    await ownerDb?.close();
    await superuser(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await superuser(`DROP ROLE IF EXISTS ${app}`);
    await superuser(`DROP ROLE IF EXISTS ${owner}`);
  }, 60_000);

  it('runs the audited commands: they append to the chain', async () => {
    expect(await seedDemoData(appDb, clock)).toEqual({ created: 5 });
    const mediation = await appDb.prisma.mediation.findFirstOrThrow({ where: { slug: 'sfam' } });
    unwrap(await core.closeRegistration(mediatorActor('U0MEDIATOR'), { mediationId: mediation.id }));
    const chain = await verifyAuditChains(appDb.prisma);
    expect(chain).toMatchObject({ valid: true });
    entries = chain.entries;
    expect(entries).toBeGreaterThan(5);
    // And a later start-up as this role finds the database up to date without needing to create anything.
    expect(await migrateConfiguredDatabase({ DATABASE_URL: urlAs(app), DATA_DIR: '/x' }, appDb)).toEqual([]);
  });

  it('keeps evidence files in the database as this role: stores, reads, deletes them', async () => {
    const store = databaseEvidenceStore(appDb.sql);
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const { storageKey } = await store.put(bytes);
    expect([...(await store.get(storageKey))]).toEqual([...bytes]);
    await store.delete(storageKey);
    await expect(store.get(storageKey)).rejects.toThrow();
    expect(await pruneOrphanEvidenceFiles(appDb.sql)).toBe(0);
  });

  const refused: [string, string, RegExp][] = [
    ['change an entry', `UPDATE audit_entry SET actor = 'x' WHERE seq = 1`, /permission denied/],
    ['delete an entry', 'DELETE FROM audit_entry WHERE seq > 3', /permission denied/],
    ['empty the log', 'TRUNCATE audit_entry', /permission denied/],
    [
      'disable the append-only trigger',
      'ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete',
      /must be owner/,
    ],
    ['disable every trigger', 'ALTER TABLE audit_entry DISABLE TRIGGER ALL', /must be owner/],
    [
      'drop the append-only trigger',
      'DROP TRIGGER audit_entry_no_update_or_delete ON audit_entry',
      /must be owner/,
    ],
    ['drop the truncate trigger', 'DROP TRIGGER audit_entry_no_truncate ON audit_entry', /must be owner/],
    ['switch triggers off for its session', 'SET session_replication_role = replica', /permission denied/],
    [
      'replace the append function',
      `CREATE OR REPLACE FUNCTION append_audit_entries(entries JSONB) RETURNS void LANGUAGE sql AS 'SELECT 1'`,
      /must be owner|permission denied/,
    ],
    [
      'replace the append-only trigger function',
      `CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'`,
      /must be owner|permission denied/,
    ],
    [
      'replace the truncate trigger function',
      `CREATE OR REPLACE FUNCTION audit_entry_not_truncated() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'`,
      /must be owner|permission denied/,
    ],
    ['drop the append function', 'DROP FUNCTION append_audit_entries(jsonb)', /must be owner/],
    ['take the table over', `ALTER TABLE audit_entry OWNER TO ${app}`, /must be owner/],
    ['forge the migrations record', `DELETE FROM "_prisma_migrations"`, /permission denied/],
  ];

  it.each(refused)('may not %s', async (_what, sql, error) => {
    await expect(appDb.sql.exec(sql)).rejects.toThrow(error);
  });

  it('leaves the chain as it was after all those attempts, and the owner can still read it', async () => {
    expect(await verifyAuditChains(ownerDb.prisma)).toMatchObject({ valid: true, entries });
    const [trigger] = await ownerDb.sql.query<{ tgenabled: string }>(
      `SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_entry_no_update_or_delete'`,
    );
    expect(trigger?.tgenabled).toBe('O');
  });
});
