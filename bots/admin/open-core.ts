import { systemClock } from '../../core/clock/clock.ts';
import { databaseClock } from '../../core/clock/database-clock.ts';
import type { Config } from '../../core/config/config.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type Core, createCore } from '../../core/core.ts';
import { migrateConfiguredDatabase, openConfiguredDatabase } from '../../core/db/open-configured.ts';
import { isDatabaseEmpty, seedDemoData } from '../../core/db/seed.ts';
import { limitsFromConfig, privacyFromConfig } from '../../core/deps.ts';
import { configuredEvidenceStore } from '../../core/storage/configured-evidence-store.ts';
import { smtpMailer } from '../mail/smtp-mailer.ts';

export interface AdminCore {
  core: Core;
  /** Demo mediations loaded because the database was new (as `npm start` does). */
  seeded: number;
  close(): Promise<void>;
}

/**
 * The configured database, exactly as `npm start` opens it: migrated, and on a new embedded database
 * loaded with the demo mediations, so that a newcomer can run a whole mediation from here. No clock and
 * no outbox run in this process: notifications and deadlines are handled by `npm start`.
 */
export async function openAdminCore(config: Config, logLevel: string): Promise<AdminCore> {
  const db = await openConfiguredDatabase(config, { poolSize: 2 });
  try {
    await migrateConfiguredDatabase(config, db);
    let seeded = 0;
    if ((config.SEED_DEMO_DATA ?? !config.DATABASE_URL) && (await isDatabaseEmpty(db))) {
      seeded = (await seedDemoData(db, systemClock)).created;
    }
    const clock = await databaseClock(db.sql);
    const evidence = configuredEvidenceStore(config, db);
    const core = createCore({
      db,
      clock,
      // Logs go to stderr: stdout carries the result, which scripts may read (`--json`).
      logger: createLogger(logLevel, process.stderr),
      evidence,
      limits: limitsFromConfig(config),
      privacy: privacyFromConfig(config),
      publicUrl: config.PUBLIC_URL,
      mailer:
        config.SMTP_URL && config.SMTP_FROM
          ? smtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM })
          : undefined,
    });
    return {
      core,
      seeded,
      close: async () => {
        clock.stop();
        await evidence.close?.();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
