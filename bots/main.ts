import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { systemClock } from '../core/clock/clock.ts';
import { type Config, ConfigError, loadConfig } from '../core/config/config.ts';
import { createLogger } from '../core/config/logger.ts';
import { createCore } from '../core/core.ts';
import { applyMigrations } from '../core/db/migrate.ts';
import { DatabaseUnavailable, describeDatabase, openConfiguredDatabase } from '../core/db/open-configured.ts';
import { isDatabaseEmpty, seedDemoData } from '../core/db/seed.ts';
import type { CoreDeps } from '../core/deps.ts';
import { formatDate, t } from '../core/i18n/index.ts';
import { startDispatcher } from '../core/outbox/dispatcher.ts';
import { startScheduler } from '../core/scheduler/scheduler.ts';
import { fileEvidenceStore } from '../core/storage/evidence-store.ts';
import { CONSOLE_CHAT_ID, consoleChannel } from './console/console-channel.ts';

/**
 * `npm start`: the composition root. Reads the configuration, opens and migrates the database (the
 * embedded one, with the demo mediations, when nothing is configured), then runs the clocks and the
 * notification outbox until Ctrl+C.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const locale = config.DEFAULT_LOCALE;
  const db = await openConfiguredDatabase(config);
  const applied = await applyMigrations(db);
  logger.info({ database: describeDatabase(config), migrationsApplied: applied.length }, 'database ready');
  if (config.SEED_DEMO_DATA && (await isDatabaseEmpty(db))) {
    const { created } = await seedDemoData(db, systemClock);
    logger.info({ created }, 'demo mediations loaded');
  }

  const deps: CoreDeps = {
    db,
    clock: systemClock,
    logger,
    evidence: fileEvidenceStore(join(config.DATA_DIR, 'evidence')),
    limits: limitsOf(config),
  };
  const core = createCore(deps);
  const instanceId = randomUUID();
  const terminal = consoleChannel();
  const scheduler = startScheduler(deps, { intervalMs: config.POLL_INTERVAL_MS, instanceId });
  const dispatcher = startDispatcher(
    deps,
    { people: [terminal], mediators: { channel: terminal, chatId: CONSOLE_CHAT_ID } },
    { intervalMs: config.POLL_INTERVAL_MS, instanceId },
  );

  const open = await core.query.openMediations({ locale, pageSize: 50 });
  const lines = open.items.map((item) =>
    t(locale, 'console:openMediation', {
      title: item.title,
      company: item.company,
      closes: item.registrationClosesAt ? formatDate(item.registrationClosesAt, locale) : '—',
    }),
  );
  process.stdout.write(
    `${t(locale, 'console:ready', { count: open.total })}\n${lines.join('\n')}\n${t(locale, 'console:howToStop')}\n`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${t(locale, 'console:stopping')}\n`);
    await Promise.all([scheduler.stop(), dispatcher.stop()]);
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function limitsOf(config: Config): CoreDeps['limits'] {
  return {
    maxClaimCents: config.MAX_CLAIM_EUROS * 100,
    maxEvidenceBytes: config.MAX_EVIDENCE_MB * 1024 * 1024,
  };
}

main().catch((error: unknown) => {
  // A person's configuration or an unreachable database: one clear line, no stack trace.
  if (error instanceof ConfigError || error instanceof DatabaseUnavailable) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  process.stderr.write(
    `Cessez-le-feu stopped on an unexpected error:\n${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
