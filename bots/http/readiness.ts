import type { SqlRunner } from '../../core/db/connect.ts';
import type { HttpRoute } from './server.ts';

/** A database that does not answer within this is as good as away, for a load balancer. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * `GET /readyz`: 200 `ready` when the database answers, 503 `database unavailable` when it does not
 * (where `/healthz` only says the process is alive). A load balancer stops sending traffic meanwhile,
 * and the process recovers by itself when the database is back.
 */
export function readinessRoute(sql: SqlRunner): HttpRoute {
  return {
    method: 'GET',
    path: '/readyz',
    async handle(_request, response) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      });
      const ready = await Promise.race([sql.query('SELECT 1'), timeout]).then(
        () => true,
        () => false,
      );
      clearTimeout(timer);
      response.statusCode = ready ? 200 : 503;
      response.end(ready ? 'ready' : 'database unavailable');
    },
  };
}
