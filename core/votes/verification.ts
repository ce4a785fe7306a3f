import { entryHash } from '../audit/hash-chain.ts';
import type { Database } from '../db/connect.ts';
import type { BallotChoice, VoteBase } from '../db/generated/enums.ts';
import {
  countList,
  listDigest,
  PUBLISHED_TALLY_SQL,
  type PublishedTally,
  parseList,
  RECEIPT_IN_LIST_SQL,
} from './published-list.ts';
import { type Counts, decide } from './tally.ts';

/**
 * Checks a closed vote against what its closing wrote in the audit log: the published list's digest,
 * the counts recounted from the list, and the outcome the vote's rule gives for them. Used by
 * `npm run verify-vote` (on the database's list, or on a list someone downloaded) and by the chat's
 * receipt check.
 */
export type VoteCheck =
  | { status: 'notFound' | 'open' | 'voided' }
  /** Closed before lists were hashed (issue 10): nothing to check the list against. */
  | { status: 'unhashed'; receipt?: ReceiptInList }
  | { status: 'badList'; line: number; problem: string }
  | CheckedVote;

export interface CheckedVote {
  status: 'checked';
  voteId: string;
  /** Every check passed: the list is the one published, and it gives the recorded result. */
  ok: boolean;
  digest: { listed: string; recorded: string };
  counts: { listed: Counts; recorded: Counts };
  outcome: { listed: 'ACCEPTED' | 'REJECTED'; recorded: string };
  /** The audit entry holding the digest still has the hash it was chained with. */
  entryIntact: boolean;
  receipt?: ReceiptInList;
}

/** Whether a given receipt is in the list, and with which choice. */
export interface ReceiptInList {
  code: string;
  choice: BallotChoice | null;
}

interface ClosedVote {
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
  outcome: string | null;
  closedAt: Date | null;
}

/** The whole check, in Node, on the list in the database or on `listText` someone holds. */
export async function verifyVote(
  db: Database,
  voteId: string,
  options: { listText?: string; receipt?: string } = {},
): Promise<VoteCheck> {
  const vote = await closedVote(db, voteId);
  if ('status' in vote) return vote;
  const recorded = await recordedClose(db, voteId);
  if (!recorded) return { status: 'unhashed' };
  const text = options.listText ?? (await publishedText(db, voteId));
  const parsed = parseList(text);
  if (!parsed.ok) return { status: 'badList', line: parsed.line, problem: parsed.problem };
  const counts = countList(parsed.lines, recorded.counts.electorate);
  const receipt = options.receipt;
  return compare(
    voteId,
    vote,
    recorded,
    { ...counts, sha256: listDigest(text) },
    receipt && {
      code: receipt,
      choice: parsed.lines.find((line) => line.receiptCode === receipt)?.choice ?? null,
    },
  );
}

/**
 * The same check with the counting and hashing done by the database, and one receipt looked up by
 * key: cheap enough for anyone in the chat, whatever the size of the vote.
 */
export async function verifyVoteInDatabase(
  db: Database,
  voteId: string,
  receipt: string,
): Promise<VoteCheck> {
  const vote = await closedVote(db, voteId);
  if ('status' in vote) return vote;
  const [mine] = await db.sql.query<{ choice: BallotChoice | null }>(RECEIPT_IN_LIST_SQL, [voteId, receipt]);
  const inList = { code: receipt, choice: mine?.choice ?? null };
  const recorded = await recordedClose(db, voteId);
  if (!recorded) return { status: 'unhashed', receipt: inList };
  // A closed vote's list removed from the database counts as nothing: the check then fails, loudly.
  const [tally = { accept: 0, refuse: 0, abstain: 0, sha256: 'none' }] = await db.sql.query<PublishedTally>(
    PUBLISHED_TALLY_SQL,
    [voteId],
  );
  const listed = { electorate: recorded.counts.electorate, ...tally };
  return compare(voteId, vote, recorded, listed, inList);
}

/** The list as published, for a download. Null while the vote is not closed. */
export async function publishedList(db: Database, voteId: string): Promise<string | null> {
  const vote = await closedVote(db, voteId);
  if ('status' in vote) return null;
  return publishedText(db, voteId);
}

function compare(
  voteId: string,
  vote: ClosedVote,
  recorded: RecordedClose,
  listed: Counts & { sha256: string },
  receipt: ReceiptInList | '' | undefined,
): CheckedVote {
  const { sha256, ...counts } = listed;
  const outcome = decide(vote, counts).accepted ? 'ACCEPTED' : 'REJECTED';
  const countsMatch = (['accept', 'refuse', 'abstain'] as const).every(
    (key) => counts[key] === recorded.counts[key],
  );
  const ok =
    recorded.entryIntact &&
    sha256 === recorded.sha256 &&
    countsMatch &&
    outcome === recorded.outcome &&
    recorded.outcome === vote.outcome;
  return {
    status: 'checked',
    voteId,
    ok,
    digest: { listed: sha256, recorded: recorded.sha256 },
    counts: { listed: counts, recorded: recorded.counts },
    outcome: { listed: outcome, recorded: recorded.outcome },
    entryIntact: recorded.entryIntact,
    ...(receipt ? { receipt } : {}),
  };
}

async function closedVote(
  db: Database,
  voteId: string,
): Promise<ClosedVote | { status: 'notFound' | 'open' | 'voided' }> {
  const vote = await db.prisma.vote.findUnique({ where: { id: voteId } });
  if (!vote) return { status: 'notFound' };
  if (!vote.closedAt) return { status: 'open' };
  if (vote.outcome === 'VOIDED') return { status: 'voided' };
  return vote;
}

interface RecordedClose {
  sha256: string;
  outcome: string;
  counts: Counts;
  entryIntact: boolean;
}

/** What the `vote.closed` audit entry says, and whether that entry is still the one that was chained. */
async function recordedClose(db: Database, voteId: string): Promise<RecordedClose | null> {
  const entry = await db.prisma.auditEntry.findFirst({ where: { action: 'vote.closed', subjectId: voteId } });
  const details = (entry?.details ?? {}) as Record<string, unknown>;
  if (!entry || typeof details.resultsSha256 !== 'string') return null;
  const number = (key: string) => (typeof details[key] === 'number' ? details[key] : -1);
  return {
    sha256: details.resultsSha256,
    outcome: String(details.outcome),
    counts: {
      electorate: number('electorate'),
      accept: number('accept'),
      refuse: number('refuse'),
      abstain: number('abstain'),
    },
    entryIntact: entryHash(entry.prevHash, entry) === entry.hash,
  };
}

async function publishedText(db: Database, voteId: string): Promise<string> {
  const [row] = await db.sql.query<{ body: string }>(
    'SELECT body FROM published_list WHERE vote_id = $1::uuid',
    [voteId],
  );
  // A closed vote always has its list: its absence is itself a finding, shown as a list out of format.
  return row?.body ?? '';
}
