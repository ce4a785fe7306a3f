import { config as loadDotenv } from 'dotenv';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { englishCount } from '../i18n/format.ts';
import { BackupRefused } from './backup/embedded-backup.ts';
import type { Database } from './connect.ts';
import { MigrationError } from './migrate.ts';
import { DatabaseUnavailable, openConfiguredDatabase } from './open-configured.ts';

/** Exit codes of the database command lines: scripts can tell a bad setting from a database problem. */
export const exitCodes = { ok: 0, databaseFailure: 1, badConfiguration: 2 } as const;

/**
 * Runs one operator task (`npm run db:migrate`, `npm run db:seed`) on the configured database and prints
 * its one-line summary. Failures an operator can fix (bad setting, unreachable server, edited migration)
 * print one clear line and no stack trace; anything else is a bug and prints everything.
 */
export async function runOperatorTask(
  task: (db: Database, config: Config) => Promise<string>,
): Promise<void> {
  loadDotenv({ quiet: true });
  let db: Database | undefined;
  try {
    const config = loadConfig();
    db = await openConfiguredDatabase(config, { poolSize: 2 });
    console.log(await task(db, config));
  } catch (error) {
    process.exitCode = report(error);
  } finally {
    await db?.close().catch(() => {});
  }
}

/** The same, for a command that opens the database itself (`npm run db:backup`, `npm run db:restore`). */
export async function runOperatorCommand(task: (config: Config) => Promise<string>): Promise<void> {
  loadDotenv({ quiet: true });
  try {
    console.log(await task(loadConfig()));
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(error.message);
    return exitCodes.badConfiguration;
  }
  if (
    error instanceof DatabaseUnavailable ||
    error instanceof MigrationError ||
    error instanceof BackupRefused
  ) {
    console.error(`Error: ${error.message}`);
    return exitCodes.databaseFailure;
  }
  console.error('Unexpected error, please report it:', error);
  return exitCodes.databaseFailure;
}

/** "1 migration (a)" / "2 migrations (a, b)". */
export function countMigrations(names: readonly string[]): string {
  return `${englishCount(names.length, 'migration')} (${names.join(', ')})`;
}
