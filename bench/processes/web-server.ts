import { serve } from '@hono/node-server';
import { createSite } from '../../bots/web/site.tsx';
import { systemClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { createCore } from '../../core/core.ts';
import { openDatabase } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { memoryEvidenceStore } from '../../core/storage/evidence-store.ts';

/**
 * The public web site alone, in a process of its own as `npm start` serves it (its pool, the site on
 * node:http), so the load generator's own work is not counted in the server's. Prints `ready <port>`.
 */
const { BENCH_DATABASE } = process.env;
if (!BENCH_DATABASE) throw new Error('BENCH_DATABASE');

const db = await openDatabase({ databaseUrl: BENCH_DATABASE });
const logger = createLogger('silent');
const core = createCore({
  db,
  clock: systemClock,
  logger,
  evidence: memoryEvidenceStore(),
  limits: defaultLimits,
});
const site = createSite({ core, logger, telegramBot: 'CessezLeFeuBot' });
const server = serve({ fetch: site.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`ready ${info.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void db.close().then(() => process.exit(0));
});
