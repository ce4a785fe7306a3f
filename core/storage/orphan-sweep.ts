import { HOUR } from '../clock/clock.ts';
import type { CoreDeps } from '../deps.ts';
import { pruneOrphanEvidenceFiles } from './database-evidence-store.ts';
import { REFERENCED_KEYS_SQL } from './stored-files.ts';

/** Keys looked up per statement: a folder of 100,000 files is swept in small reads. */
const BATCH = 500;

/**
 * Stored files nobody references (evidence, proofs of transfer): stored by a process that died before
 * recording them, or left by an erasure, a withdrawal or the retention clock whose deletion failed
 * (core/storage/stored-files.ts keeps a file it could not check, reachable by nobody). Such a file may
 * still hold a person's proof or bank details:
 * the hourly housekeeping deletes it. Only files older than `graceMs` (longer than any transaction,
 * whose rows this sweep cannot see until it commits). In the database (a server) and on disk (the
 * embedded database) alike. Returns how many were deleted; logs the count only.
 */
export async function sweepOrphanEvidenceFiles(deps: CoreDeps, graceMs = HOUR): Promise<number> {
  let deleted = await pruneOrphanEvidenceFiles(deps.db.sql);
  const stored = (await deps.evidence.storedBefore?.(new Date(deps.clock.now().getTime() - graceMs))) ?? [];
  for (let from = 0; from < stored.length; from += BATCH) {
    const keys = stored.slice(from, from + BATCH);
    const referenced = await deps.db.sql.query<{ storage_key: string }>(REFERENCED_KEYS_SQL, [keys]);
    const kept = new Set(referenced.map((row) => row.storage_key));
    for (const key of keys.filter((candidate) => !kept.has(candidate))) {
      await deps.evidence.delete(key);
      deleted += 1;
    }
  }
  if (deleted > 0) deps.logger.info({ deleted }, 'orphan evidence files deleted');
  return deleted;
}
