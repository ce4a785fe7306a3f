import type { Tx } from '../db/connect.ts';
import { type AuditFields, entryHash, GENESIS_HASH } from './hash-chain.ts';

export interface AuditRecord {
  action: string;
  mediationId?: string | null;
  subjectId?: string | null;
  /** Ids, statuses and counts only: never complaint text, amounts or evidence. */
  details?: Record<string, string | number | boolean | null>;
}

/** One lock for the whole chain: each entry needs the hash of the one before it. */
const AUDIT_CHAIN_LOCK = 0x61756474; // "audt"

/**
 * Appends entries at the end of the chain. Called last in a command's transaction so the chain lock is
 * held only from here to commit.
 */
export async function appendAudit(tx: Tx, actor: string, at: Date, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  let seq = last?.seq ?? 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = records.map((record) => {
    seq += 1n;
    const fields: AuditFields = {
      seq,
      at,
      actor,
      action: record.action,
      mediationId: record.mediationId ?? null,
      subjectId: record.subjectId ?? null,
      details: record.details ?? {},
    };
    const hash = entryHash(prevHash, fields);
    const row = { ...fields, details: fields.details as object, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.auditEntry.createMany({ data: rows });
}

export type AuditVerification =
  | { valid: true; entries: number }
  | { valid: false; entries: number; brokenAtSeq: bigint; problem: 'edited' | 'missing' | 'relinked' };

type ChainReader = Pick<Tx, 'auditEntry'>;

/** Walks the whole chain in pages; detects an edited, deleted or re-linked entry. */
export async function verifyAuditChain(db: ChainReader, pageSize = 5000): Promise<AuditVerification> {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: pageSize,
    });
    if (page.length === 0) return { valid: true, entries: count };
    for (const entry of page) {
      if (entry.seq !== expectedSeq)
        return { valid: false, entries: count, brokenAtSeq: expectedSeq, problem: 'missing' };
      if (entry.prevHash !== prevHash)
        return { valid: false, entries: count, brokenAtSeq: entry.seq, problem: 'relinked' };
      if (entryHash(prevHash, entry) !== entry.hash) {
        return { valid: false, entries: count, brokenAtSeq: entry.seq, problem: 'edited' };
      }
      prevHash = entry.hash;
      expectedSeq += 1n;
      count += 1;
    }
  }
}
