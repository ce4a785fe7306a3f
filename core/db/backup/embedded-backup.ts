import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config/config.ts';
import { englishCount } from '../../i18n/format.ts';
import { claimDatabaseFolder } from '../folder-lock.ts';
import {
  EmbeddedDatabaseInUse,
  embeddedDirectory,
  embeddedLockFile,
  holdsEmbeddedDatabase,
} from '../open-configured.ts';
import { createTarWriter, readTar, TarFormatError } from './tar.ts';

/**
 * `npm run db:backup` and `npm run db:restore` for the embedded database: one tar file holding the
 * database folder as PGlite dumps it (`database.tar.gz`), the evidence files of `DATA_DIR/evidence`
 * (the proofs the database's rows point to), and a manifest to check it all against. Both take the
 * folder lock, so neither runs while `npm start` (or `npm run admin`) has the database open: PGlite
 * cannot be shared, and a copy taken while another process writes would not be a consistent one.
 * A PostgreSQL server is backed up with its own tools (pg_dump, README: Backups).
 */
const FORMAT = 'cessez-le-feu-backup';
const VERSION = 1;
const MANIFEST = 'manifest.json';
const DATABASE = 'database.tar.gz';
/** Evidence files are named by their storage key (core/storage/evidence-store.ts), nothing else. */
const EVIDENCE_ENTRY = /^evidence\/([0-9a-f-]{36})$/;
const STORAGE_KEY = /^[0-9a-f-]{36}$/;

interface Manifest {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  /** The migrations the database had, as recorded in `_prisma_migrations`. */
  migrations: string[];
  database: { bytes: number; sha256: string };
  evidence: { files: number };
}

/** Something the operator must change before it can be done (stop the program, add --yes, another file). */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

type Settings = Pick<Config, 'DATA_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/** The embedded installation's evidence folder (bots/main.ts keeps the proofs there). */
const evidenceDirectory = (config: Settings) => join(config.DATA_DIR, 'evidence');

/** `DATA_DIR/backups/cessez-le-feu-2026-12-03T14-05-09Z.tar` */
export function defaultBackupFile(config: Settings, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  return join(config.DATA_DIR, 'backups', `cessez-le-feu-${stamp}.tar`);
}

export interface BackupSummary {
  file: string;
  bytes: number;
  migrations: number;
  evidenceFiles: number;
}

export async function backupEmbeddedDatabase(config: Settings, file = defaultBackupFile(config)) {
  refuseServer(config, 'db:backup copies the embedded database; back up a PostgreSQL server with pg_dump');
  const dir = embeddedDirectory(config);
  if (!holdsEmbeddedDatabase(dir))
    throw new BackupRefused(`There is no embedded database in ${dir} to back up.`);
  const out = resolve(file);
  if (existsSync(out)) throw new BackupRefused(`${out} already exists: name another file (--out).`);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });

  return withFolderLock(config, async (): Promise<BackupSummary> => {
    const { dump, migrations } = await dumpDatabase(dir);
    const evidence = await evidenceFiles(evidenceDirectory(config));
    const manifest: Manifest = {
      format: FORMAT,
      version: VERSION,
      createdAt: new Date().toISOString(),
      migrations,
      database: { bytes: dump.length, sha256: sha256(dump) },
      evidence: { files: evidence.length },
    };
    const tar = await createTarWriter(out);
    try {
      await tar.add({ name: MANIFEST, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });
      await tar.add({ name: DATABASE, bytes: dump });
      for (const key of evidence) {
        await tar.add({
          name: `evidence/${key}`,
          bytes: await readFile(join(evidenceDirectory(config), key)),
        });
      }
      await tar.finish();
    } catch (error) {
      // Half a backup must not pass for one.
      await tar.abandon();
      await rm(out, { force: true });
      throw error;
    }
    return {
      file: out,
      bytes: (await stat(out)).size,
      migrations: migrations.length,
      evidenceFiles: evidence.length,
    };
  });
}

export interface RestoreSummary {
  createdAt: string;
  migrations: number;
  evidenceFiles: number;
  /** Where the data the restore replaced was moved (nothing is deleted). */
  keptAside: string[];
}

/**
 * Replaces the embedded database and its evidence files with a backup's. Everything is unpacked and the
 * database opened beside the current data first; only then is the current data moved aside (kept, not
 * deleted) and the backup's put in its place, so a bad or truncated file changes nothing.
 */
export async function restoreEmbeddedDatabase(
  config: Settings,
  file: string,
  options: { replaceExisting: boolean },
): Promise<RestoreSummary> {
  refuseServer(
    config,
    'db:restore replaces the embedded database; restore a PostgreSQL server with pg_restore',
  );
  const source = resolve(file);
  const manifest = await readManifest(source);
  const dir = embeddedDirectory(config);
  const evidenceDir = evidenceDirectory(config);

  return withFolderLock(config, async () => {
    const current = [dir, evidenceDir].filter((path) => existsSync(path));
    const hasData = holdsEmbeddedDatabase(dir) || (await evidenceFiles(evidenceDir)).length > 0;
    if (hasData && !options.replaceExisting) {
      throw new BackupRefused(
        `${config.DATA_DIR} already holds a database: restoring replaces it, and whatever changed since ` +
          'the backup is lost. Run again with --yes to replace it (the current data is kept aside, not deleted).',
      );
    }
    const staging = { db: `${dir}.restoring`, evidence: `${evidenceDir}.restoring` };
    // Left by a restore that was interrupted: ours to remove.
    await rm(staging.db, { recursive: true, force: true });
    await rm(staging.evidence, { recursive: true, force: true });
    try {
      const evidenceCount = await unpack(source, manifest, staging);
      const aside = `.before-restore-${new Date()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z')
        .replaceAll(':', '-')}`;
      const keptAside: string[] = [];
      for (const path of current) {
        // An empty folder has nothing to keep.
        if ((await readdir(path)).length === 0) {
          await rm(path, { recursive: true });
          continue;
        }
        await rename(path, `${path}${aside}`);
        keptAside.push(`${path}${aside}`);
      }
      await rename(staging.db, dir);
      await rename(staging.evidence, evidenceDir);
      return {
        createdAt: manifest.createdAt,
        migrations: manifest.migrations.length,
        evidenceFiles: evidenceCount,
        keptAside,
      };
    } catch (error) {
      await rm(staging.db, { recursive: true, force: true });
      await rm(staging.evidence, { recursive: true, force: true });
      throw error;
    }
  });
}

async function dumpDatabase(dir: string): Promise<{ dump: Buffer; migrations: string[] }> {
  const pglite = await PGlite.create(dir);
  try {
    // Everything written so far into the data files, so the copy needs no replay to be whole.
    await pglite.exec('CHECKPOINT');
    const migrations = await appliedMigrations(pglite);
    const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    return { dump, migrations };
  } finally {
    await pglite.close();
  }
}

async function appliedMigrations(pglite: PGlite): Promise<string[]> {
  const [table] = (
    await pglite.query<{ found: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS found`)
  ).rows;
  if (!table?.found) return [];
  const { rows } = await pglite.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => row.migration_name);
}

/** The manifest, first entry of the file: checked before anything is locked or touched. */
async function readManifest(file: string): Promise<Manifest> {
  if (!existsSync(file)) throw new BackupRefused(`${file} does not exist.`);
  const notABackup = `${file} is not a Cessez-le-feu backup (npm run db:backup writes them)`;
  const entries = readTar(file);
  try {
    const first = await entries.next();
    if (first.done || first.value.name !== MANIFEST) throw new BackupRefused(`${notABackup}.`);
    const manifest = JSON.parse(Buffer.from(first.value.bytes).toString('utf8')) as Manifest;
    if (manifest.format !== FORMAT) throw new BackupRefused(`${notABackup}.`);
    if (manifest.version > VERSION) {
      throw new BackupRefused(
        `${file} was written by a newer version of Cessez-le-feu: restore it with that one.`,
      );
    }
    return manifest;
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    throw new BackupRefused(`${notABackup}: ${(error as Error).message}.`);
  } finally {
    await entries.return(undefined);
  }
}

/** Unpacks the database and the evidence into the staging folders; returns how many files it holds. */
async function unpack(file: string, manifest: Manifest, staging: { db: string; evidence: string }) {
  const damaged = (what: string) => new BackupRefused(`${file} is damaged: ${what}. Nothing was changed.`);
  let database = false;
  let evidenceCount = 0;
  await mkdir(staging.evidence, { recursive: true, mode: 0o700 });
  try {
    for await (const entry of readTar(file)) {
      if (entry.name === MANIFEST) continue;
      if (entry.name === DATABASE) {
        if (sha256(entry.bytes) !== manifest.database.sha256)
          throw damaged('the database does not match its sha256');
        await loadDatabase(staging.db, entry.bytes);
        database = true;
        continue;
      }
      const key = EVIDENCE_ENTRY.exec(entry.name)?.[1];
      if (!key) throw damaged(`unexpected entry ${entry.name}`);
      await writeFile(join(staging.evidence, key), entry.bytes, { flag: 'wx', mode: 0o600 });
      evidenceCount++;
    }
  } catch (error) {
    if (error instanceof TarFormatError) throw damaged(error.message);
    throw error;
  }
  if (!database) throw damaged('it holds no database');
  if (evidenceCount !== manifest.evidence.files) {
    throw damaged(`${englishCount(evidenceCount, 'evidence file')} instead of ${manifest.evidence.files}`);
  }
  return evidenceCount;
}

/** PGlite unpacks a dump into an empty folder when it creates the database there; opening it proves it. */
async function loadDatabase(dir: string, dump: Uint8Array<ArrayBuffer>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { loadDataDir: new Blob([dump]) });
  try {
    await appliedMigrations(pglite);
  } finally {
    await pglite.close();
  }
}

async function withFolderLock<T>(config: Settings, work: () => Promise<T>): Promise<T> {
  await mkdir(config.DATA_DIR, { recursive: true });
  const lockFile = embeddedLockFile(config);
  const claim = claimDatabaseFolder(lockFile);
  if (!claim.ok) throw new EmbeddedDatabaseInUse(embeddedDirectory(config), claim.heldBy, lockFile);
  try {
    return await work();
  } finally {
    claim.release();
  }
}

function refuseServer(config: Settings, what: string): void {
  if (config.DATABASE_URL) throw new BackupRefused(`DATABASE_URL is set: ${what} (README: Backups).`);
}

async function evidenceFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && STORAGE_KEY.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
