import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { type Database, openDatabase } from './connect.ts';
import { claimDatabaseFolder } from './folder-lock.ts';
import { applyMigrations } from './migrate.ts';

/** The database cannot be reached or opened: an operator's problem to fix, not a bug. */
export class DatabaseUnavailable extends Error {
  override name = 'DatabaseUnavailable';
}

/** Another process (`npm start`, most likely) has the embedded database open: one process at a time. */
export class EmbeddedDatabaseInUse extends DatabaseUnavailable {
  override name = 'EmbeddedDatabaseInUse';
  constructor(
    readonly directory: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `The embedded database in ${directory} is open in another program (process ${pid}, probably "npm start"). ` +
        `Stop it (Ctrl+C) and try again; if no such program runs any more, delete ${lockFile}.`,
    );
  }
}

type DatabaseSettings = Pick<Config, 'DATABASE_URL' | 'DATA_DIR'> &
  Partial<Pick<Config, 'MIGRATION_DATABASE_URL'>>;

/** Without DATABASE_URL the embedded database lives in `${DATA_DIR}/db`, next to the evidence files. */
export function embeddedDirectory(config: DatabaseSettings): string {
  return join(config.DATA_DIR, 'db');
}

/** Whether `dir` holds an embedded database already (PostgreSQL writes PG_VERSION when it makes one). */
export function holdsEmbeddedDatabase(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/**
 * The lock that keeps a second process away from the embedded database (folder-lock.ts): whoever opens,
 * backs up or restores it holds this file.
 */
export function embeddedLockFile(config: Pick<Config, 'DATA_DIR'>): string {
  return join(config.DATA_DIR, 'db.lock');
}

/** Where the data is, for messages and logs: never the password of the URL. */
export function describeDatabase(config: DatabaseSettings, locale: 'fr' | 'en' = 'en'): string {
  const fr = locale === 'fr';
  if (!config.DATABASE_URL)
    return `${fr ? 'la base intégrée de' : 'the embedded database in'} ${embeddedDirectory(config)}`;
  try {
    const url = new URL(config.DATABASE_URL);
    const name = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
    const host = url.host || (fr ? 'l’hôte par défaut' : 'the default host');
    return fr
      ? `la base PostgreSQL «\u00a0${name}\u00a0» sur ${host}`
      : `PostgreSQL database "${name}" on ${host}`;
  } catch {
    return fr ? 'le serveur PostgreSQL de DATABASE_URL' : 'PostgreSQL server of DATABASE_URL';
  }
}

/** How long to wait for a server before telling the operator it does not answer. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the database the configuration names, and proves it answers: a pool connects lazily, so
 * without this check a wrong DATABASE_URL would only show up at the first command, as an internal error.
 */
export async function openConfiguredDatabase(
  config: DatabaseSettings,
  options: { poolSize?: number } = {},
): Promise<Database> {
  if (config.DATABASE_URL) {
    await checkServerAnswers(config.DATABASE_URL, describeDatabase(config));
    return openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: options.poolSize });
  }
  const dir = embeddedDirectory(config);
  // PGlite would let a second process open the same folder and both would corrupt it: refuse first.
  const lockFile = embeddedLockFile(config);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const claim = claimDatabaseFolder(lockFile);
  if (!claim.ok) throw new EmbeddedDatabaseInUse(dir, claim.heldBy, lockFile);
  try {
    const db = await openDatabase({ embeddedDir: dir });
    const close = db.close;
    return { ...db, close: () => close().finally(claim.release) };
  } catch (error) {
    claim.release();
    throw new DatabaseUnavailable(`Cannot open the embedded database in ${dir}: ${firstLine(error)}`);
  }
}

/**
 * Brings the database up to date, as the role that owns its tables: MIGRATION_DATABASE_URL when set
 * (then DATABASE_URL's role, the application's, can be one that cannot alter, disable or empty the
 * audit log: README, Database roles), else through `db` itself. Returns the migrations applied.
 */
export async function migrateConfiguredDatabase(config: DatabaseSettings, db: Database): Promise<string[]> {
  const ownerUrl = config.MIGRATION_DATABASE_URL;
  if (!ownerUrl) return applyMigrations(db);
  const where = describeDatabase({ ...config, DATABASE_URL: ownerUrl });
  await checkServerAnswers(ownerUrl, where, 'MIGRATION_DATABASE_URL');
  const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 1 });
  try {
    return await applyMigrations(owner);
  } finally {
    await owner.close();
  }
}

async function checkServerAnswers(url: string, where: string, variable = 'DATABASE_URL'): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection lost later would otherwise surface as an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DatabaseUnavailable(`Cannot reach the ${where}: ${explainConnectionFailure(error, variable)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function explainConnectionFailure(error: unknown, variable: string): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the server running, and is the port right?).';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved.';
    case 'ETIMEDOUT':
      return 'the connection timed out.';
    case '28P01':
    case '28000':
      return `the server refused the credentials of ${variable}.`;
    case '3D000':
      return 'this database does not exist on the server (create it first).';
    default:
      if (/timeout/i.test(firstLine(error))) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s.`;
      return firstLine(error);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
