import type { SqlTx, Tx } from '../db/connect.ts';
import { type Actor, actorLabel } from '../domain/actor.ts';
import { type AuditFields, entryBody, entryHash, GENESIS_HASH } from './hash-chain.ts';

export interface AuditRecord {
  action: string;
  mediationId?: string | null;
  subjectId?: string | null;
  /** Ids, statuses and counts only: never complaint text, amounts or evidence. */
  details?: Record<string, string | number | boolean | null>;
  /**
   * Who acted, when the command learns it only as it runs: a company signs in through the web, and is
   * known once its link is checked. Otherwise the command's actor.
   */
  actedBy?: Actor;
}

/**
 * Appends entries at the end of the chain, in one call to the database function
 * `append_audit_entries` (prisma/migrations): it takes the chain lock, links each entry to the previous
 * hash and inserts it. Called last in a command's transaction, so the lock is held only from here to
 * commit — the one point where all commands queue behind each other.
 */
export async function appendAudit(tx: SqlTx, actor: string, at: Date, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const entries = records.map((record) => {
    const fields: AuditFields = {
      at,
      actor: record.actedBy ? actorLabel(record.actedBy) : actor,
      action: record.action,
      mediationId: record.mediationId ?? null,
      subjectId: record.subjectId ?? null,
      details: record.details ?? {},
    };
    return { ...fields, at: at.toISOString(), body: entryBody(fields) };
  });
  await tx.$executeRaw`SELECT append_audit_entries(${JSON.stringify(entries)}::jsonb)`;
}

export type AuditVerification =
  /**
   * `headHash` is the hash of the last entry. Removing entries from the very end leaves a valid
   * shorter chain: only a head hash kept elsewhere reveals that (`expectHash` below, and the head
   * posted to the mediators, see head-publication.ts). `expectedAtSeq` is where that kept hash was
   * found in the chain, null when it is not in it.
   */
  | { valid: true; entries: number; headHash: string; expectedAtSeq?: bigint | null }
  | { valid: false; entries: number; brokenAtSeq: bigint; problem: 'edited' | 'missing' | 'relinked' };

type ChainReader = Pick<Tx, 'auditEntry'>;

export interface VerifyOptions {
  pageSize?: number;
  /**
   * A head hash kept outside the database: it must be the hash of one entry of the verified chain. It
   * is looked for during the walk, not by a lookup, so a row placed outside the chain cannot fake it.
   */
  expectHash?: string;
}

/** Walks the whole chain in pages; detects an edited, deleted or re-linked entry. */
export async function verifyAuditChain(
  db: ChainReader,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5000;
  // The head of an empty chain is the genesis hash, from which every chain continues.
  let expectedAtSeq: bigint | null = options.expectHash === GENESIS_HASH ? 0n : null;
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: pageSize,
    });
    if (page.length === 0) {
      const found = options.expectHash === undefined ? {} : { expectedAtSeq };
      return { valid: true, entries: count, headHash: prevHash, ...found };
    }
    for (const entry of page) {
      if (entry.seq !== expectedSeq)
        return { valid: false, entries: count, brokenAtSeq: expectedSeq, problem: 'missing' };
      if (entry.prevHash !== prevHash)
        return { valid: false, entries: count, brokenAtSeq: entry.seq, problem: 'relinked' };
      if (entryHash(prevHash, entry) !== entry.hash) {
        return { valid: false, entries: count, brokenAtSeq: entry.seq, problem: 'edited' };
      }
      if (entry.hash === options.expectHash) expectedAtSeq = entry.seq;
      prevHash = entry.hash;
      expectedSeq += 1n;
      count += 1;
    }
  }
}
