import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../core/db/connect.ts';

export interface FreshDatabase {
  /** Nothing in it, not even `_prisma_migrations`. */
  db: Database;
  /**
   * Another connection pool on the same database, standing for a second instance of the service. The
   * embedded database has one connection only: there it is the same database.
   */
  openAnother(): Promise<Database>;
  /** Closes every pool and drops the server database. */
  close(): Promise<void>;
}

/**
 * A brand-new, unmigrated database, for tests of migrating and seeding an installation from scratch
 * (the shared test database of `openTestDatabase` is already migrated).
 */
export async function openFreshDatabase(): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ embeddedDir: 'memory://' });
    return { db, openAnother: async () => ({ ...db, close: async () => {} }), close: () => db.close() };
  }
  const name = `clf_fresh_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pools: Database[] = [];
  const open = async () => {
    const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
    pools.push(db);
    return db;
  };
  return {
    db: await open(),
    openAnother: open,
    close: async () => {
      await Promise.all(pools.map((db) => db.close()));
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
