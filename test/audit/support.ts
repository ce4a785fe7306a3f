import { appendAudit } from '../../core/audit/audit-log.ts';
import { entryHash } from '../../core/audit/hash-chain.ts';
import type { Database } from '../../core/db/connect.ts';
import type { TestCore } from '../support/core.ts';

/**
 * `count` entries in one transaction, appended the way every command appends them: to the chain of
 * `mediationId`, or to the shared chain 'none' without one.
 */
export async function appendEntries(t: TestCore, count: number, action = 'a.entry', mediationId?: string) {
  await t.db.prisma.$transaction((tx) =>
    appendAudit(
      tx,
      'system:test',
      t.clock.now(),
      Array.from({ length: count }, (_, i) => ({ action, mediationId, details: { n: i + 1 } })),
    ),
  );
}

/** The hash of the last entry of a chain ('none' unless said). */
export async function headHash(db: Database, chain = 'none'): Promise<string> {
  return (await db.prisma.auditEntry.findFirstOrThrow({ where: { chain }, orderBy: { position: 'desc' } }))
    .hash;
}

/**
 * What the database's owner can do, and the application's role cannot (see test/audit/roles.test.ts):
 * switch the append-only trigger off, tamper, switch it on again.
 */
export async function asOwnerWithoutTrigger(db: Database, tamper: () => Promise<unknown>) {
  await db.sql.exec('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete');
  try {
    await tamper();
  } finally {
    await db.sql.exec('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_or_delete');
  }
}

/**
 * The owner's consistent rewrite: entry `position` of `chain` edited, and every later hash of that
 * chain recomputed with the real hashing code, so that the chain, walked alone, verifies as intact.
 */
export async function rewriteConsistently(db: Database, position: bigint, action: string, chain = 'none') {
  await asOwnerWithoutTrigger(db, async () => {
    await db.prisma.auditEntry.update({ where: { chain_position: { chain, position } }, data: { action } });
    const entries = await db.prisma.auditEntry.findMany({
      where: { chain, position: { gte: position } },
      orderBy: { position: 'asc' },
    });
    const before = await db.prisma.auditEntry.findUnique({
      where: { chain_position: { chain, position: position - 1n } },
    });
    let prevHash = before?.hash ?? '0'.repeat(64);
    for (const entry of entries) {
      const hash = entryHash(prevHash, entry);
      await db.prisma.auditEntry.update({ where: { seq: entry.seq }, data: { prevHash, hash } });
      prevHash = hash;
    }
  });
}

/** The owner emptying the log past its TRUNCATE trigger (triggers off for one transaction). */
export async function truncateAsOwner(db: Database) {
  await db.session((sql) =>
    sql.exec('BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE audit_entry; COMMIT;'),
  );
}
