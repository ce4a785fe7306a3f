import { type Database, openDatabase } from '../../core/db/connect.ts';
import type { CoreDeps } from '../../core/deps.ts';
import { serverUrls } from './database.ts';

/**
 * A second connection pool on the same test database, standing for a second instance of the service:
 * with two pools, row locks and `SKIP LOCKED` really compete. The embedded PGlite database has a single
 * connection, so there the "second instance" shares it (the test still runs, without real concurrency).
 * Closing it never drops the database; the first one's `close` does.
 */
export async function openSecondPool(db: Database): Promise<Database> {
  const url = serverUrls.get(db);
  if (!url) return { ...db, close: async () => {} };
  return openDatabase({ databaseUrl: url, poolSize: 20 });
}

/** The same core dependencies, talking to the database through another pool. */
export function depsOnPool(deps: CoreDeps, db: Database): CoreDeps {
  return { ...deps, db };
}
