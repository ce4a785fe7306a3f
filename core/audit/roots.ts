import type { Tx } from '../db/connect.ts';
import { appendAudit } from './audit-log.ts';

/**
 * The chain of what belongs to no mediation, where the roots are appended too. (The chains of the
 * mediations are named by their ids, which are UUIDs: they can never be called 'none'.)
 */
export const NO_MEDIATION_CHAIN = 'none';
/** A root: an entry of 'none' recording the head of every mediation's chain at that moment. */
export const ROOT_ACTION = 'audit.root';
export const ROOT_ACTOR = 'system:audit';
/** The marker the migration to one chain per mediation appended (see verify-chains.ts). */
export const SPLIT_ACTION = 'audit.split';

export interface ChainHead {
  chain: string;
  position: bigint;
  hash: string;
}

/**
 * The last entry of every chain, as committed when the statement started. A loose index scan over
 * the (chain, position) index: two index probes per chain, however long the chains are, where a
 * `GROUP BY chain` would read every entry (figures in the README, "Audit log").
 */
export async function listChainHeads(db: Pick<Tx, '$queryRaw'>): Promise<ChainHead[]> {
  return db.$queryRaw<ChainHead[]>`
    WITH RECURSIVE chains(chain) AS (
      (SELECT chain FROM audit_entry ORDER BY chain LIMIT 1)
      UNION ALL
      SELECT (SELECT a.chain FROM audit_entry a WHERE a.chain > c.chain ORDER BY a.chain LIMIT 1)
      FROM chains c WHERE c.chain IS NOT NULL)
    SELECT c.chain, h.position, h.hash FROM chains c
    CROSS JOIN LATERAL (SELECT position, hash FROM audit_entry a
      WHERE a.chain = c.chain ORDER BY a.position DESC LIMIT 1) h
    WHERE c.chain IS NOT NULL
    ORDER BY c.chain`;
}

/** The head of one chain; position 0 and no hash when it has no entry yet. */
export async function readChainHead(
  db: Pick<Tx, 'auditEntry'>,
  chain: string,
): Promise<{ position: bigint; hash: string | null }> {
  const last = await db.auditEntry.findFirst({
    where: { chain },
    orderBy: { position: 'desc' },
    select: { position: true, hash: true },
  });
  return last ?? { position: 0n, hash: null };
}

export interface Root {
  /** The root entry's place in 'none', and its hash: the one to keep outside the database. */
  position: bigint;
  hash: string;
  /** Mediation chains it binds, and their entries in all. */
  chains: number;
  entries: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Appends a root to 'none': its details hold, for each mediation's chain, `position:hash` of its head,
 * under the mediation's id (ids and hashes only, ~110 bytes a mediation). 'none' itself is bound by
 * the root's own link. Whoever keeps the root's hash can later have every chain checked against it
 * (`npm run audit:verify -- --expect <hash>`). Must be the only append of its transaction, and the
 * last write: it holds the lock of 'none' until commit.
 */
export async function appendRoot(tx: Tx, at: Date): Promise<Root> {
  const heads = (await listChainHeads(tx)).filter((head) => head.chain !== NO_MEDIATION_CHAIN);
  const entries = heads.reduce((sum, head) => sum + Number(head.position), 0);
  const details: Record<string, string | number> = { chains: heads.length, entries };
  for (const head of heads) details[head.chain] = `${head.position}:${head.hash}`;
  await appendAudit(tx, ROOT_ACTOR, at, [{ action: ROOT_ACTION, details }]);
  // Under the lock of 'none' this transaction now holds: the last entry of 'none' is the root.
  const root = await readChainHead(tx, NO_MEDIATION_CHAIN);
  return { position: root.position, hash: root.hash ?? '', chains: heads.length, entries };
}

/** The heads a root recorded, by chain. Other details (the counts) are skipped. */
export function parseRootHeads(details: unknown): [string, { position: bigint; hash: string }][] {
  if (details === null || typeof details !== 'object') return [];
  const heads: [string, { position: bigint; hash: string }][] = [];
  for (const [chain, value] of Object.entries(details)) {
    const match = typeof value === 'string' ? /^(\d+):([0-9a-f]{64})$/.exec(value) : null;
    if (uuid.test(chain) && match)
      heads.push([chain, { position: BigInt(match[1] ?? 0), hash: match[2] ?? '' }]);
  }
  return heads;
}
