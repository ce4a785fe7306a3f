import type { BallotChoice } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import type { PublishedLine } from '../votes/published-list.ts';
import type { Counts } from '../votes/tally.ts';
import type { PublicRule } from './mediations.ts';

/**
 * A closed vote's results as the public web site shows them (issue 14): the counts, the outcome, the
 * rule it was decided by, and the list published at its close — receipts and choices, no names, the
 * very text whose sha256 the `vote.closed` audit entry holds. Only for a public mediation's vote that
 * was closed and not voided: anything else is no page.
 */
export interface PublicVoteResults {
  voteId: string;
  mediation: { slug: string; title: { fr: string; en: string } };
  round: number;
  opensAt: Date;
  closedAt: Date;
  outcome: 'ACCEPTED' | 'REJECTED';
  rule: PublicRule;
  counts: Counts;
  /** The published list's sha256 (hex), null for a vote closed before lists were hashed. */
  sha256: string | null;
  /** The audit entry that recorded the close and the digest: its number and its own hash. */
  auditEntry: { seq: string; hash: string } | null;
}

/** How many receipts a page of the list shows; the whole list is downloaded, not paged. */
export const RECEIPTS_PER_PAGE = 500;

/** The longest line of the list: a receipt (14), a comma, the longest choice (7), a line feed. */
const LONGEST_LINE = 23;

type ResultsRow = Omit<PublicVoteResults, 'mediation' | 'rule' | 'counts' | 'auditEntry' | 'outcome'> & {
  slug: string;
  titleFr: string;
  titleEn: string;
  outcome: string;
  voteBase: PublicRule['base'];
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
  electorate: number;
  accept: number;
  refuse: number;
  abstain: number;
  auditSeq: string | null;
  auditHash: string | null;
};

export async function publicVoteResults(
  deps: CoreDeps,
  input: { slug: string; round: number },
): Promise<PublicVoteResults | null> {
  const [row] = await deps.db.sql.query<ResultsRow>(
    `SELECT v.id AS "voteId", m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn", o.round,
       v.opens_at AS "opensAt", v.closed_at AS "closedAt", v.outcome::text AS outcome,
       v.vote_base AS "voteBase", v.threshold_numerator AS "thresholdNumerator",
       v.threshold_denominator AS "thresholdDenominator", v.quorum_numerator AS "quorumNumerator",
       v.quorum_denominator AS "quorumDenominator", v.electorate_size AS electorate,
       v.accept_count AS accept, v.refuse_count AS refuse, v.abstain_count AS abstain,
       v.results_sha256 AS sha256, a.seq::text AS "auditSeq", a.hash AS "auditHash"
     FROM mediation m
     JOIN offer o ON o.mediation_id = m.id AND o.round = $2
     JOIN vote v ON v.offer_id = o.id
     LEFT JOIN LATERAL (SELECT seq, hash FROM audit_entry
       WHERE mediation_id = m.id AND action = 'vote.closed' AND subject_id = v.id::text LIMIT 1) a ON true
     WHERE m.slug = $1 AND m.news_public_since IS NOT NULL AND m.status <> 'DRAFT'
       AND v.closed_at IS NOT NULL AND v.outcome IN ('ACCEPTED', 'REJECTED')`,
    [input.slug, input.round],
  );
  if (!row) return null;
  return {
    voteId: row.voteId,
    mediation: { slug: row.slug, title: { fr: row.titleFr, en: row.titleEn } },
    round: row.round,
    opensAt: new Date(row.opensAt),
    closedAt: new Date(row.closedAt),
    outcome: row.outcome as PublicVoteResults['outcome'],
    rule: {
      base: row.voteBase,
      threshold: { numerator: row.thresholdNumerator, denominator: row.thresholdDenominator },
      quorum: { numerator: row.quorumNumerator, denominator: row.quorumDenominator },
    },
    counts: { electorate: row.electorate, accept: row.accept, refuse: row.refuse, abstain: row.abstain },
    sha256: row.sha256,
    auditEntry: row.auditSeq && row.auditHash ? { seq: row.auditSeq, hash: row.auditHash } : null,
  };
}

/**
 * One page of a published list: the receipts after `after` (or from the first), in the list's order,
 * with the position of the first (from 1). It reads a slice of the stored text from where that
 * receipt's line starts, so a page of a 100,000-ballot list costs one lookup in the text, not a parse
 * of the whole list. Null when `after` is not in the list.
 */
export async function publicReceiptsPage(
  deps: CoreDeps,
  input: { voteId: string; after?: string },
): Promise<{ lines: PublishedLine[]; first: number; next: string | null } | null> {
  const after = input.after ?? '';
  const [row] = await deps.db.sql.query<{ chunk: string | null; breaks: number }>(
    `SELECT CASE WHEN at > 0 THEN substr(body, at + 1, $3) END AS chunk,
       length(substr(body, 1, at)) - length(replace(substr(body, 1, at), E'\n', '')) AS breaks
     FROM (SELECT body, CASE WHEN $2 = '' THEN strpos(body, E'\n')
                        ELSE strpos(body, E'\n' || $2 || ',') END AS at
           FROM published_list WHERE vote_id = $1::uuid) list`,
    [input.voteId, after, (RECEIPTS_PER_PAGE + 2) * LONGEST_LINE],
  );
  if (!row || row.chunk === null) return null;
  // Complete lines only (the slice may end inside one); the cursor's own line comes first.
  const complete = row.chunk
    .slice(0, row.chunk.lastIndexOf('\n') + 1)
    .split('\n')
    .slice(0, -1);
  const lines = (after ? complete.slice(1) : complete).map((line) => {
    const [receiptCode = '', choice] = line.split(',');
    return { receiptCode, choice: choice as BallotChoice };
  });
  const page = lines.slice(0, RECEIPTS_PER_PAGE);
  return {
    lines: page,
    // Line breaks up to the cursor: the header's, then one per receipt before the page.
    first: after ? row.breaks + 1 : 1,
    next: lines.length > RECEIPTS_PER_PAGE ? (page.at(-1)?.receiptCode ?? null) : null,
  };
}

/** Registered in core/queries.ts. */
export const voteResultsQueries = {
  publicVoteResults,
  publicReceiptsPage,
};
