import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../core/db/connect.ts';
import { applyMigrations } from '../../core/db/migrate.ts';

/**
 * A migrated, empty database for one test file. With DATABASE_URL set (CI's second pass) each file gets
 * a database of its own on that server; otherwise the worker's embedded PGlite is emptied and reused,
 * because starting PGlite takes seconds.
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? openServerDatabase(serverUrl) : openSharedEmbedded();
}

export const usingServer = () => Boolean(process.env.DATABASE_URL);

/** The address of each server test database, so a test can open a second pool on it (see `openSecondPool`). */
export const serverUrls = new WeakMap<Database, string>();

async function openServerDatabase(serverUrl: string): Promise<Database> {
  const name = `clf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await applyMigrations(db);
  serverUrls.set(db, url.toString());
  const close = db.close;
  db.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  return db;
}

let shared: Promise<Database> | undefined;

async function openSharedEmbedded(): Promise<Database> {
  shared ??= openDatabase({ embeddedDir: 'memory://' }).then(async (db) => {
    await applyMigrations(db);
    return db;
  });
  const db = await shared;
  await emptyAllTables(db);
  // The worker keeps its database for the next file: closing is a no-op.
  return { ...db, close: async () => {} };
}

/**
 * Empties every table, the audit log included, whose trigger refuses TRUNCATE: triggers are switched
 * off for this one transaction only (a superuser's setting: the tests connect as one, the application
 * does not). On one connection, which a failure must not leave inside the transaction. Sequences
 * restart too, so that a file's audit entries are numbered from 1 whatever ran before it.
 */
export async function emptyAllTables(db: Database): Promise<void> {
  const tables = await db.sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(', ');
  await db.session(async (sql) => {
    await sql
      .exec(
        `BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE ${list} RESTART IDENTITY CASCADE; COMMIT;`,
      )
      .catch(async (error: unknown) => {
        await sql.exec('ROLLBACK');
        throw error;
      });
  });
}

/**
 * An empty database of its own on the DATABASE_URL server, for a program a test runs in a child process
 * (which migrates it itself); `drop` removes it, whoever is still connected.
 */
export async function createServerDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('createServerDatabase needs DATABASE_URL');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
