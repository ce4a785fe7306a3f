import type { CoreDeps } from '../deps.ts';

/**
 * Stored files (a consumer's evidence, a company's proof of transfer) live in the evidence store, their
 * rows in the database, and the two cannot share a transaction. The rule that keeps them consistent: a
 * stored file is kept only while a COMMITTED row references it. So a file stored by a command whose
 * transaction then fails (a refusal, a lost connection, a retry), or whose row a command deleted, is
 * deleted once that transaction is over.
 *
 * "Once it is over" is the subtle part: the check must not run inside the transaction (it would see
 * uncommitted rows) nor before its end. It waits on the row its owner locks (FOR UPDATE) in every command
 * touching such files until it commits or rolls back (FileOwner below). On the embedded database the only
 * connection is busy until then, to the same effect.
 *
 * What remains is a crash of the process between storing a file and this check: the file is then an
 * orphan under a random name that nothing references or can reach, never a row without its file (the
 * hourly sweep deletes it, core/storage/orphan-sweep.ts).
 */
export function releaseFileIfUnreferenced(deps: CoreDeps, owner: FileOwner, storageKey: string): void {
  const check = (async () => {
    const { prisma } = deps.db;
    if ('participantId' in owner)
      await prisma.$queryRaw`SELECT id FROM participant WHERE id = ${owner.participantId}::uuid FOR SHARE`;
    else if ('mediationId' in owner)
      await prisma.$queryRaw`SELECT id FROM mediation WHERE id = ${owner.mediationId}::uuid FOR SHARE`;
    else
      await prisma.$queryRaw`SELECT id FROM payout_proof WHERE id = ${owner.deletedProofId}::uuid FOR SHARE`;
    const [{ references }] = await deps.db.prisma.$queryRaw<[{ references: number }]>`
      SELECT ((SELECT count(*) FROM evidence WHERE storage_key = ${storageKey})
        + (SELECT count(*) FROM payout_proof WHERE storage_key = ${storageKey}))::int AS "references"`;
    if (references === 0) await deps.evidence.delete(storageKey);
  })().catch((error: unknown) => {
    // Keeping a file we meant to delete is the safe failure: unreferenced, it is reachable by nobody.
    deps.logger.warn(
      { ...owner, err: error instanceof Error ? error.name : 'unknown' },
      'stored file check failed',
    );
  });
  pending.add(check);
  void check.finally(() => pending.delete(check));
}

/**
 * The row whose lock says the transaction that stored or unlinked a file is over: the participant of
 * evidence, the mediation of a new proof of transfer, a deleted proof itself (its deletion holds the
 * row's lock until it commits; a deleting transaction need not lock the whole mediation).
 */
export type FileOwner = { participantId: string } | { mediationId: string } | { deletedProofId: string };

/** The storage keys among `keys` that a row references (evidence or proof of transfer). */
export const REFERENCED_KEYS_SQL = `SELECT storage_key FROM evidence WHERE storage_key = ANY($1::text[])
  UNION SELECT storage_key FROM payout_proof WHERE storage_key = ANY($1::text[])`;

const pending = new Set<Promise<void>>();

/** For tests and a clean shutdown: resolves when every check started so far is done. */
export async function storedFilesSettled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
