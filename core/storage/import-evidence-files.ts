import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/connect.ts';
import { sha256Hex } from './evidence-store.ts';

export interface EvidenceImport {
  /** Files copied into the database. */
  imported: number;
  /** Files the database already held (an import run again). */
  alreadyThere: number;
  /** Files no evidence row names (an upload that never completed): left alone, not copied. */
  unreferenced: number;
  /** Files whose bytes do not have the sha256 of their row: not copied, to be looked at. */
  mismatched: number;
  /** Evidence rows whose bytes are still neither in the database nor in this folder. */
  stillMissing: number;
}

const storageKeyName = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Before issue 11, evidence files were kept in DATA_DIR/evidence even with a PostgreSQL server; now the
 * server holds them. This copies, one at a time, every file of that folder that an evidence row names
 * and whose bytes still have that row's sha256, into `evidence_file`. Nothing on disk is changed or
 * deleted: the operator removes the folder once the report says nothing is missing. Run it on the
 * instance (or each instance) that kept the folder; running it twice copies nothing twice.
 */
export async function importEvidenceFiles(db: Database, dir: string): Promise<EvidenceImport> {
  const report = { imported: 0, alreadyThere: 0, unreferenced: 0, mismatched: 0, stillMissing: 0 };
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const storageKey of names.filter((name) => storageKeyName.test(name)).sort()) {
    const [row] = await db.sql.query<{ sha256: string; stored: boolean }>(
      `SELECT e.sha256, EXISTS (SELECT 1 FROM evidence_file f WHERE f.storage_key = $1::uuid) AS stored
         FROM evidence e WHERE e.storage_key = $1::text LIMIT 1`,
      [storageKey],
    );
    if (!row) report.unreferenced += 1;
    else if (row.stored) report.alreadyThere += 1;
    else {
      const bytes = new Uint8Array(await readFile(join(dir, storageKey)));
      if (sha256Hex(bytes) !== row.sha256) report.mismatched += 1;
      else {
        await db.sql.query(
          'INSERT INTO evidence_file (storage_key, bytes) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING',
          [storageKey, bytes],
        );
        report.imported += 1;
      }
    }
  }
  const [missing] = await db.sql.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM evidence e
      WHERE NOT EXISTS (SELECT 1 FROM evidence_file f WHERE f.storage_key::text = e.storage_key)`,
  );
  report.stillMissing = missing?.count ?? 0;
  return report;
}
