import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessRoute } from '../../bots/http/readiness.ts';
import { type HttpServer, startHttpServer } from '../../bots/http/server.ts';
import { createLogger } from '../../core/config/logger.ts';
import type { Database, SqlRunner } from '../../core/db/connect.ts';
import { openTestDatabase } from '../support/database.ts';

// `/healthz` says the process is alive; `/readyz` says whether it can serve: the database answers.
describe('GET /readyz', () => {
  let server: HttpServer;
  let db: Database;
  let away = false;
  beforeAll(async () => {
    db = await openTestDatabase();
    const sql: SqlRunner = {
      exec: db.sql.exec,
      query: (text, params) =>
        away ? Promise.reject(new Error('ECONNREFUSED')) : db.sql.query(text, params),
    };
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: [readinessRoute(sql)],
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('is ready while the database answers, not while it is away, and ready again when it is back', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
    away = true;
    expect(await get('/readyz')).toEqual({ status: 503, text: 'database unavailable' });
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok' });
    away = false;
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
  });
});
