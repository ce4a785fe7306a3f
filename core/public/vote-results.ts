import { NO_MEDIATION_CHAIN } from '../audit/roots.ts';
import type { CoreDeps } from '../deps.ts';
import type { PublishedLine } from '../votes/published-list.ts';
import type { Counts } from '../votes/tally.ts';
import { frozenList } from './frozen-lists.ts';
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
  /**
   * The audit entry that recorded the close and the digest: its place in the mediation's own chain
   * (`shared`: in the shared chain, for a vote closed before the chains were split) and its own hash.
   */
  auditEntry: { seq: string; hash: string; shared: boolean } | null;
}

/** How many receipts a page of the list shows; the whole list is downloaded, not paged. */
export const RECEIPTS_PER_PAGE = 500;

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
  auditChain: string | null;
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
       v.results_sha256 AS sha256, a.position::text AS "auditSeq", a.hash AS "auditHash", a.chain AS "auditChain"
     FROM mediation m
     JOIN offer o ON o.mediation_id = m.id AND o.round = $2
     JOIN vote v ON v.offer_id = o.id
     LEFT JOIN LATERAL (SELECT position, hash, chain FROM audit_entry
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
    auditEntry:
      row.auditSeq && row.auditHash
        ? { seq: row.auditSeq, hash: row.auditHash, shared: row.auditChain === NO_MEDIATION_CHAIN }
        : null,
  };
}

/**
 * One page of a published list: the receipts after `after` (or from the first), in the list's order,
 * with the position of the first (from 1). Null when `after` is not a receipt of the list.
 */
export async function publicReceiptsPage(
  deps: CoreDeps,
  input: { voteId: string; after?: string },
): Promise<{ lines: PublishedLine[]; first: number; next: string | null } | null> {
  const list = await frozenList(deps, input.voteId);
  if (!list) return null;
  const start = input.after === undefined ? 0 : list.indexOf(input.after);
  if (start < 0) return null;
  const first = input.after === undefined ? 0 : start + 1;
  const lines = list.lines(first, first + RECEIPTS_PER_PAGE);
  const more = first + RECEIPTS_PER_PAGE < list.size;
  return { lines, first: first + 1, next: more ? (lines.at(-1)?.receiptCode ?? null) : null };
}

/** The whole published list, the very file whose sha256 was recorded (CSV, published-list.ts). */
export async function publicReceiptList(deps: CoreDeps, input: { voteId: string }): Promise<string | null> {
  return (await frozenList(deps, input.voteId))?.text ?? null;
}

/** Registered in core/queries.ts. */
export const voteResultsQueries = {
  publicVoteResults,
  publicReceiptsPage,
  publicReceiptList,
};
