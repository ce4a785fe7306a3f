import { Telegram } from 'telegraf';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { databaseClock } from '../../core/clock/database-clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { openDatabase } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { startDispatcher } from '../../core/outbox/dispatcher.ts';
import { memoryEvidenceStore } from '../../core/storage/evidence-store.ts';

/**
 * One instance of the product's outbox, in a process of its own, as `npm start` composes it: its pool,
 * the database's clock, telegraf's client and the Telegram delivery channel, the dispatcher with its
 * default settings. The broadcast benchmark starts one or two of them; SIGTERM stops one cleanly.
 */
const { BENCH_DATABASE, BENCH_API_ROOT, BENCH_INSTANCE } = process.env;
if (!BENCH_DATABASE || !BENCH_API_ROOT || !BENCH_INSTANCE)
  throw new Error('BENCH_DATABASE, BENCH_API_ROOT, BENCH_INSTANCE');

const db = await openDatabase({ databaseUrl: BENCH_DATABASE });
const clock = await databaseClock(db.sql);
const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
const deps = { db, clock, logger, evidence: memoryEvidenceStore(), limits: defaultLimits };
const telegram = new Telegram('123456:bench-token', { apiRoot: BENCH_API_ROOT });
const dispatcher = startDispatcher(
  deps,
  { people: [telegramDeliveryChannel(telegram)] },
  {
    intervalMs: 1000,
    instanceId: BENCH_INSTANCE,
  },
);
process.on('SIGTERM', async () => {
  await dispatcher.stop();
  clock.stop();
  await db.close();
  process.exit(0);
});
process.stdout.write('ready\n');
