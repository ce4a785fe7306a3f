import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseCheck,
  migrationsCheck,
  type ReadinessCheck,
  readinessRoute,
} from '../../bots/http/readiness.ts';
import { type HttpServer, startHttpServer } from '../../bots/http/server.ts';
import { createLogger } from '../../core/config/logger.ts';
import type { Database, SqlRunner } from '../../core/db/connect.ts';
import { applyMigrations, readMigrations } from '../../core/db/migrate.ts';
import { openTestDatabase } from '../support/database.ts';
import { type FreshDatabase, openFreshDatabase } from '../support/fresh-database.ts';

async function serve(checks: ReadinessCheck[]) {
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [readinessRoute(checks)],
    logger: createLogger('silent'),
  });
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, text: await response.text() };
  };
  return { server, get };
}

// `/healthz` says the process is alive; `/readyz` says whether it can serve: the database answers, its
// migrations are all applied, and each configured platform is connected.
describe('GET /readyz', () => {
  let server: HttpServer;
  let get: (path: string) => Promise<{ status: number; text: string }>;
  let db: Database;
  let away = false;
  let telegramConnected = true;
  beforeAll(async () => {
    db = await openTestDatabase();
    const sql: SqlRunner = {
      exec: db.sql.exec,
      query: (text, params) =>
        away ? Promise.reject(new Error('ECONNREFUSED')) : db.sql.query(text, params),
    };
    ({ server, get } = await serve([
      databaseCheck(sql),
      migrationsCheck(sql),
      { name: 'telegram', check: () => (telegramConnected ? undefined : 'not connected') },
    ]));
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it('is ready while the database answers, not while it is away, and ready again when it is back', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
    away = true;
    expect(await get('/readyz')).toEqual({
      status: 503,
      text: 'not ready\ndatabase: unavailable\nmigrations: unavailable',
    });
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok' });
    away = false;
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
  });

  it('is not ready while a platform is not connected', async () => {
    telegramConnected = false;
    expect(await get('/readyz')).toEqual({ status: 503, text: 'not ready\ntelegram: not connected' });
    telegramConnected = true;
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
  });

  it('counts a check that throws or does not answer in time as not ready', async () => {
    const { server: other, get: getOther } = await serve([
      { name: 'discord', check: () => Promise.reject(new Error('token=secret')) },
      { name: 'slack', check: () => new Promise(() => {}) },
    ]);
    try {
      // Neither the error's words nor anything else of it: a fixed word per problem.
      expect(await getOther('/readyz')).toEqual({
        status: 503,
        text: 'not ready\ndiscord: unavailable\nslack: no answer in time',
      });
    } finally {
      await other.stop();
    }
  });
});

describe('GET /readyz and the migrations', () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await openFreshDatabase();
  });
  afterAll(() => fresh?.close());

  it('is ready only once every migration of this build is recorded as applied', async () => {
    const { server, get } = await serve([migrationsCheck(fresh.db.sql)]);
    try {
      expect(await get('/readyz')).toEqual({ status: 503, text: 'not ready\nmigrations: none applied' });
      const all = readMigrations();
      await applyMigrations(fresh.db, all.slice(0, -2));
      expect(await get('/readyz')).toEqual({ status: 503, text: 'not ready\nmigrations: 2 not applied' });
      await applyMigrations(fresh.db, all);
      expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
      // A migration a newer build applied, that this one does not know, does not make it unready.
      const older = migrationsCheck(
        fresh.db.sql,
        all.slice(0, -1).map((migration) => migration.name),
      );
      expect(await older.check()).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
