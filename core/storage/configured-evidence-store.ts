import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Database } from '../db/connect.ts';
import { serverEvidenceStore } from './database-evidence-store.ts';
import { type EvidenceStore, fileEvidenceStore } from './evidence-store.ts';

/** The embedded database's evidence folder (and, before issue 11, every deployment's). */
export function evidenceDirectory(config: Pick<Config, 'DATA_DIR'>): string {
  return join(config.DATA_DIR, 'evidence');
}

/**
 * Where this process keeps evidence files: in the PostgreSQL server when there is one, so that every
 * instance on it reads every file (a mediator's action may run on another instance than the chat that
 * received the file); in `DATA_DIR/evidence` with the embedded database, which only one process opens.
 * Files left in that folder by an earlier version on a server are not read any more, and nothing moves
 * them by itself (a start-up is no time to copy gigabytes, and each instance had its own folder): the
 * logger is told, and `npm run evidence:import` copies them (core/storage/import-evidence-files.ts).
 */
export function configuredEvidenceStore(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>,
  db: Pick<Database, 'kind'>,
  logger?: Logger,
): EvidenceStore {
  if (db.kind !== 'postgres' || !config.DATABASE_URL) return fileEvidenceStore(evidenceDirectory(config));
  const leftOnDisk = filesIn(evidenceDirectory(config));
  if (leftOnDisk > 0) {
    logger?.warn(
      { files: leftOnDisk },
      'evidence files in DATA_DIR/evidence are not read on a PostgreSQL server: run npm run evidence:import',
    );
  }
  return serverEvidenceStore(config.DATABASE_URL);
}

function filesIn(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
