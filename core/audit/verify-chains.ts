import type { Tx } from '../db/connect.ts';
import { entryHash, GENESIS_HASH } from './hash-chain.ts';
import {
  listChainHeads,
  NO_MEDIATION_CHAIN,
  parseRootHeads,
  ROOT_ACTION,
  ROOT_ACTOR,
  SPLIT_ACTION,
} from './roots.ts';

/**
 * What can be wrong with a chain, at the first position where it shows:
 * - `edited`: the entry's hash is not that of its content; `missing`: a position is absent;
 * - `relinked`: the entry does not continue from the previous one's hash;
 * - `misplaced`: the entry names another mediation than its chain's (see `verifyAuditChains`);
 * - `unbound`: a root recorded this chain's head at this position with another hash, or the chain no
 *   longer reaches it (cut at its end, emptied, or rewritten since the root).
 */
export type ChainProblem = 'edited' | 'missing' | 'relinked' | 'misplaced' | 'unbound';

export interface ChainReport {
  /** A mediation's id, or 'none'. */
  chain: string;
  /** Entries that verified, from the first: all of them when the chain is intact. */
  entries: number;
  /** The last entry that verified (position 0 and the genesis hash when there is none). */
  head: { position: bigint; hash: string };
  broken?: { position: bigint; problem: ChainProblem; byRootAt?: bigint };
}

export interface AuditVerification {
  valid: boolean;
  /** Entries that verified, over all chains. */
  entries: number;
  /** 'none' first, then the mediations' chains in order of their ids. */
  chains: ChainReport[];
  /** Roots found in 'none', every one of whose recorded heads was checked. */
  roots: number;
  /**
   * Where a hash kept outside the database was found in the walk (null when it was not): a chain
   * head posted after a vote, an old head of the single chain (now in 'none'), or a root, whose
   * recorded heads were then checked with all the others.
   */
  expected?: { chain: string; position: bigint; root: boolean } | null;
}

type ChainReader = Pick<Tx, 'auditEntry' | '$queryRaw'>;

export interface VerifyOptions {
  pageSize?: number;
  /**
   * A hash kept outside the database: it must be the hash of one entry of a verified chain. It is
   * looked for during the walk, not by a lookup, so a row placed outside the chains cannot fake it.
   */
  expectHash?: string;
}

interface Claim {
  position: bigint;
  hash: string;
  rootAt: bigint;
}

/**
 * Walks every chain in pages, 'none' first. Each entry must sit at the next position, continue from
 * the previous hash and hash to its own; a mediation's chain holds only that mediation's entries,
 * which is what makes the chain covered by the hash without hashing it: it is derived from the
 * entry's mediation id, which is hashed. The exception is honest about history: the entries written
 * before the split (migration 20261208090000_audit_chains) were carried into 'none' as they were,
 * mediation ids included, and the chained `audit.split` marker says how many; 'none' may hold a
 * mediation's entry only up to there. Every root's recorded heads are then checked on the chains.
 */
export async function verifyAuditChains(
  db: ChainReader,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5000;
  const heads = await listChainHeads(db);
  const names = [NO_MEDIATION_CHAIN, ...heads.map((h) => h.chain).filter((c) => c !== NO_MEDIATION_CHAIN)];
  const claims = new Map<string, Claim[]>();
  let expected: AuditVerification['expected'] =
    options.expectHash === GENESIS_HASH ? { chain: NO_MEDIATION_CHAIN, position: 0n, root: false } : null;
  let roots = 0;
  const chains: ChainReport[] = [];

  const carriedOver = await carriedOverEntries(db);
  for (const chain of names) {
    // Roots live in 'none', walked first: every other chain's recorded heads are known before its walk.
    const recorded = (claims.get(chain) ?? []).sort((a, b) => (a.position < b.position ? -1 : 1));
    const report = await walkChain(db, { chain, pageSize, carriedOver, recorded }, (entry) => {
      if (entry.hash === options.expectHash) {
        expected = { chain, position: entry.position, root: isRoot(chain, entry) };
      }
      if (!isRoot(chain, entry)) return;
      roots += 1;
      for (const [claimed, head] of parseRootHeads(entry.details)) {
        const list = claims.get(claimed) ?? [];
        list.push({ ...head, rootAt: entry.position });
        claims.set(claimed, list);
      }
    });
    chains.push(report);
  }
  // A chain a root recorded but that has no entry left was emptied.
  for (const [chain, recorded] of claims) {
    const first = recorded.sort((a, b) => (a.position < b.position ? -1 : 1))[0];
    if (names.includes(chain) || !first) continue;
    chains.push({
      chain,
      entries: 0,
      head: { position: 0n, hash: GENESIS_HASH },
      broken: { position: first.position, problem: 'unbound', byRootAt: first.rootAt },
    });
  }
  return {
    valid: chains.every((report) => !report.broken),
    entries: chains.reduce((sum, report) => sum + report.entries, 0),
    chains,
    roots,
    ...(options.expectHash === undefined ? {} : { expected }),
  };
}

function isRoot(chain: string, entry: { action: string; actor: string }): boolean {
  return chain === NO_MEDIATION_CHAIN && entry.action === ROOT_ACTION && entry.actor === ROOT_ACTOR;
}

/**
 * How many entries of 'none' predate the split, from the first `audit.split` marker. The marker is
 * trusted only as far as the walk then finds it chained at the position it claims.
 */
async function carriedOverEntries(db: ChainReader): Promise<bigint> {
  const marker = await db.auditEntry.findFirst({
    where: { chain: NO_MEDIATION_CHAIN, action: SPLIT_ACTION, actor: 'system:migration' },
    orderBy: { position: 'asc' },
  });
  const details = (marker?.details ?? {}) as Record<string, unknown>;
  if (!marker || typeof details.carriedOver !== 'number') return 0n;
  return BigInt(details.carriedOver) === marker.position - 1n ? marker.position - 1n : 0n;
}

type Entry = Awaited<ReturnType<ChainReader['auditEntry']['findMany']>>[number];

interface Walk {
  chain: string;
  pageSize: number;
  carriedOver: bigint;
  /** The heads roots recorded for this chain, by position. */
  recorded: Claim[];
}

async function walkChain(db: ChainReader, walk: Walk, visit: (entry: Entry) => void): Promise<ChainReport> {
  const { chain, pageSize, carriedOver, recorded } = walk;
  let position = 1n;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let nextClaim = 0;
  const report = (broken?: ChainReport['broken']): ChainReport => ({
    chain,
    entries: count,
    head: { position: position - 1n, hash: prevHash },
    ...(broken ? { broken } : {}),
  });
  for (;;) {
    const page = await db.auditEntry.findMany({
      where: { chain, position: { gte: position } },
      orderBy: { position: 'asc' },
      take: pageSize,
    });
    if (page.length === 0) {
      // The chain ends before a head a root recorded: cut at its end, or emptied.
      const beyond = recorded[nextClaim];
      return report(beyond && { position: beyond.position, problem: 'unbound', byRootAt: beyond.rootAt });
    }
    for (const entry of page) {
      if (entry.position !== position) return report({ position, problem: 'missing' });
      if (entry.prevHash !== prevHash) return report({ position, problem: 'relinked' });
      if (entryHash(prevHash, entry) !== entry.hash) return report({ position, problem: 'edited' });
      const belongs =
        chain === NO_MEDIATION_CHAIN
          ? entry.mediationId === null || entry.position <= carriedOver
          : entry.mediationId === chain;
      if (!belongs) return report({ position, problem: 'misplaced' });
      for (let claim = recorded[nextClaim]; claim?.position === position; claim = recorded[++nextClaim]) {
        // Intact on its own, but not the entry a root saw here: rewritten consistently since.
        if (claim.hash !== entry.hash)
          return report({ position, problem: 'unbound', byRootAt: claim.rootAt });
      }
      visit(entry);
      prevHash = entry.hash;
      position += 1n;
      count += 1;
    }
  }
}
