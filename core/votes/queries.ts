import { z } from 'zod';
import type { VoteBase, VoteOutcome } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { neededCounts, voteRuleParams, voteTallyParams } from './rule-params.ts';
import { publishedList, verifyVoteInDatabase } from './verification.ts';

const uuid = z.uuid();

// Read on every vote message: plain SQL, a Prisma query costs several times the CPU (bench/, issue 3).

/**
 * What anyone may see of a vote: the rule card, the deadline and, while it runs, the turnout only.
 * Counts appear once it is closed. No query here, or anywhere in the core, tells who voted what.
 */
async function voteCard(deps: CoreDeps, { voteId }: { voteId: string }) {
  if (!uuid.safeParse(voteId).success) return null;
  const [vote] = await deps.db.sql.query<VoteCardRow>(
    `SELECT v.id, o.mediation_id AS "mediationId", m.title_fr AS "titleFr", m.title_en AS "titleEn",
       o.terms_fr AS "termsFr", o.terms_en AS "termsEn", o.round, v.vote_base::text AS "voteBase",
       v.threshold_numerator AS "thresholdNumerator", v.threshold_denominator AS "thresholdDenominator",
       v.quorum_numerator AS "quorumNumerator", v.quorum_denominator AS "quorumDenominator",
       v.opens_at AS "opensAt", v.closes_at AS "closesAt", v.extended_at AS "extendedAt",
       v.extension_reason AS "extensionReason", v.closed_at AS "closedAt", v.outcome::text AS outcome,
       v.electorate_size AS "electorateSize", v.accept_count AS "acceptCount",
       v.refuse_count AS "refuseCount", v.abstain_count AS "abstainCount",
       v.results_sha256 AS "resultsSha256", t.electorate, t.voted,
       CASE WHEN m.news_public_since IS NOT NULL THEN m.slug END AS "publicSlug"
     FROM vote v
     JOIN offer o ON o.id = v.offer_id
     JOIN mediation m ON m.id = o.mediation_id
     -- The live turnout, counted only while the vote runs: a closed vote has its result recorded.
     LEFT JOIN LATERAL (SELECT count(*)::int AS electorate, count(*) FILTER (WHERE has_voted)::int AS voted
       FROM electorate_member WHERE vote_id = v.id AND left_at IS NULL) t ON v.closed_at IS NULL
     WHERE v.id = $1::uuid`,
    [voteId],
  );
  if (!vote) return null;
  const closed = vote.closedAt !== null;
  return {
    voteId: vote.id,
    mediationId: vote.mediationId,
    /** The mediation's slug when it is public: its results have a page on the web site. */
    publicSlug: vote.publicSlug,
    title: { fr: vote.titleFr, en: vote.titleEn },
    terms: { fr: vote.termsFr, en: vote.termsEn },
    round: vote.round,
    rule: voteRuleParams(vote),
    opensAt: vote.opensAt,
    closesAt: vote.closesAt,
    closedAt: vote.closedAt,
    extension: vote.extendedAt ? { at: vote.extendedAt, reason: vote.extensionReason } : null,
    status: closed ? ('closed' as const) : ('open' as const),
    turnout: {
      voted: closed
        ? (vote.acceptCount ?? 0) + (vote.refuseCount ?? 0) + (vote.abstainCount ?? 0)
        : (vote.voted ?? 0),
      electorate: closed ? (vote.electorateSize ?? 0) : (vote.electorate ?? 0),
    },
    /** While it runs: what the rule needs of this electorate (rule and sizes only, no ballot). */
    needed: closed ? null : neededCounts(vote, vote.electorate ?? 0),
    result: closed
      ? {
          outcome: vote.outcome,
          accept: vote.acceptCount,
          refuse: vote.refuseCount,
          abstain: vote.abstainCount,
          electorate: vote.electorateSize,
          /** The counts with the rule they were measured against, for the result texts. */
          tally: voteTallyParams(vote, {
            electorate: vote.electorateSize ?? 0,
            accept: vote.acceptCount ?? 0,
            refuse: vote.refuseCount ?? 0,
            abstain: vote.abstainCount ?? 0,
          }),
          /** The published list's sha256, as the close recorded it; null for votes closed before lists were hashed. */
          sha256: vote.resultsSha256,
        }
      : null,
  };
}

interface VoteCardRow {
  id: string;
  mediationId: string;
  publicSlug: string | null;
  titleFr: string;
  titleEn: string;
  termsFr: string;
  termsEn: string;
  round: number;
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
  opensAt: Date;
  closesAt: Date;
  extendedAt: Date | null;
  extensionReason: string | null;
  closedAt: Date | null;
  outcome: VoteOutcome | null;
  electorateSize: number | null;
  acceptCount: number | null;
  refuseCount: number | null;
  abstainCount: number | null;
  resultsSha256: string | null;
  electorate: number | null;
  voted: number | null;
}

/** The open vote of a mediation, if any (for `/voter`). */
async function openVoteOfMediation(deps: CoreDeps, { mediationId }: { mediationId: string }) {
  const vote = await deps.db.prisma.vote.findFirst({
    where: { closedAt: null, offer: { mediationId } },
    select: { id: true },
  });
  return vote ? voteCard(deps, { voteId: vote.id }) : null;
}

/**
 * A person's own ballot while the vote runs (their choice and receipt, to themselves only). After the
 * close the link is gone: they keep the receipt code they were given and check it in the published list.
 */
async function myBallot(deps: CoreDeps, { voteId, personId }: { voteId: string; personId: string }) {
  if (!uuid.safeParse(voteId).success) return null;
  const [row] = await deps.db.sql.query<{ choice: string; receiptCode: string }>(
    `SELECT b.choice::text AS choice, b.receipt_code AS "receiptCode" FROM ballot b
     JOIN participant p ON p.id = b.participant_id
     WHERE b.vote_id = $1::uuid AND p.person_id = $2::uuid`,
    [voteId, personId],
  );
  return row ?? null;
}

/**
 * The last vote of a mediation that closed with a result (a voided vote published nothing), for the
 * mediators' `vote-list`. Null while none has.
 */
async function lastClosedVoteOfMediation(deps: CoreDeps, { mediationId }: { mediationId: string }) {
  if (!uuid.safeParse(mediationId).success) return null;
  const [vote] = await deps.db.sql.query<{
    voteId: string;
    round: number;
    closedAt: Date;
    outcome: VoteOutcome;
    sha256: string | null;
  }>(
    `SELECT v.id AS "voteId", o.round, v.closed_at AS "closedAt", v.outcome::text AS outcome,
       v.results_sha256 AS sha256
     FROM vote v JOIN offer o ON o.id = v.offer_id
     WHERE o.mediation_id = $1::uuid AND v.closed_at IS NOT NULL AND v.outcome <> 'VOIDED'
     ORDER BY v.closed_at DESC LIMIT 1`,
    [mediationId],
  );
  return vote ?? null;
}

/** The list published at closing, as a file's text (published-list.ts); null while the vote runs. */
async function publishedReceipts(deps: CoreDeps, { voteId }: { voteId: string }) {
  if (!uuid.safeParse(voteId).success) return null;
  return publishedList(deps.db, voteId);
}

/**
 * Whether a receipt is in a closed vote's published list, with the list checked against the audit
 * log. Nothing is stored: remembering who checked which code would link them to their ballot again.
 */
async function receiptCheck(deps: CoreDeps, { voteId, receipt }: { voteId: string; receipt: string }) {
  if (!uuid.safeParse(voteId).success) return { status: 'notFound' as const };
  return verifyVoteInDatabase(deps.db, voteId, receipt);
}

/** Open votes whose elector this person is and has not answered yet (for `/voter` and next steps). */
async function votesAwaiting(deps: CoreDeps, { personId }: { personId: string }) {
  return deps.db.sql.query<{ voteId: string; mediationId: string; closesAt: Date; hasVoted: boolean }>(
    `SELECT v.id AS "voteId", o.mediation_id AS "mediationId", v.closes_at AS "closesAt",
       em.has_voted AS "hasVoted"
     FROM electorate_member em
     JOIN participant p ON p.id = em.participant_id
     JOIN vote v ON v.id = em.vote_id
     JOIN offer o ON o.id = v.offer_id
     WHERE p.person_id = $1::uuid AND em.left_at IS NULL AND v.closed_at IS NULL
     ORDER BY v.closes_at`,
    [personId],
  );
}

export const votesQueries = {
  voteCard,
  openVoteOfMediation,
  lastClosedVoteOfMediation,
  myBallot,
  publishedReceipts,
  receiptCheck,
  votesAwaiting,
};
