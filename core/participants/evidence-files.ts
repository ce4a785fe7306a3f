import type { CoreDeps } from '../deps.ts';

/**
 * Evidence bytes live in the evidence store, their rows in the database, and the two cannot share a
 * transaction. The rule that keeps them consistent: a stored file is kept only while a COMMITTED row
 * references it. So a file stored by a command whose transaction then fails (a refusal, a lost
 * connection, a retry), or whose row a command deleted, is deleted once that transaction is over.
 *
 * "Once it is over" is the subtle part: the check must not run inside the transaction (it would see
 * uncommitted rows) nor before its end. It waits on the participant row, which every command touching
 * evidence holds locked (FOR UPDATE) until it commits or rolls back; on the embedded database the only
 * connection is busy until then, which has the same effect.
 *
 * What remains is a crash of the process between storing a file and this check: the file is then an
 * orphan under a random name that nothing references or can reach, never a row without its file.
 */
export function releaseFileIfUnreferenced(deps: CoreDeps, participantId: string, storageKey: string): void {
  const check = (async () => {
    await deps.db.prisma.$queryRaw`SELECT id FROM participant WHERE id = ${participantId}::uuid FOR SHARE`;
    const references = await deps.db.prisma.evidence.count({ where: { storageKey } });
    if (references === 0) await deps.evidence.delete(storageKey);
  })().catch((error: unknown) => {
    // Keeping a file we meant to delete is the safe failure: unreferenced, it is reachable by nobody.
    deps.logger.warn(
      { participantId, err: error instanceof Error ? error.name : 'unknown' },
      'evidence file check failed',
    );
  });
  pending.add(check);
  void check.finally(() => pending.delete(check));
}

const pending = new Set<Promise<void>>();

/** For tests and a clean shutdown: resolves when every check started so far is done. */
export async function evidenceFilesSettled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
