import type { CoreDeps } from '../deps.ts';
import { voteRuleParams } from './closing.ts';

/**
 * What anyone may see of a vote: the rule card, the deadline and, while it runs, the turnout only.
 * Counts appear once it is closed. No query here, or anywhere in the core, tells who voted what.
 */
async function voteCard(deps: CoreDeps, { voteId }: { voteId: string }) {
  const vote = await deps.db.prisma.vote.findUnique({
    where: { id: voteId },
    include: { offer: { include: { mediation: { select: { id: true, titleFr: true, titleEn: true } } } } },
  });
  if (!vote) return null;
  const [{ electorate, voted }] = (await deps.db.prisma.$queryRaw<{ electorate: number; voted: number }[]>`
    SELECT count(*) FILTER (WHERE left_at IS NULL)::int AS electorate,
           count(*) FILTER (WHERE left_at IS NULL AND has_voted)::int AS voted
    FROM electorate_member WHERE vote_id = ${voteId}::uuid`) as [{ electorate: number; voted: number }];
  const closed = vote.closedAt !== null;
  return {
    voteId: vote.id,
    mediationId: vote.offer.mediationId,
    title: { fr: vote.offer.mediation.titleFr, en: vote.offer.mediation.titleEn },
    terms: { fr: vote.offer.termsFr, en: vote.offer.termsEn },
    round: vote.offer.round,
    rule: voteRuleParams(vote),
    opensAt: vote.opensAt,
    closesAt: vote.closesAt,
    extension: vote.extendedAt ? { at: vote.extendedAt, reason: vote.extensionReason } : null,
    status: closed ? ('closed' as const) : ('open' as const),
    turnout: {
      voted: closed ? (vote.acceptCount ?? 0) + (vote.refuseCount ?? 0) + (vote.abstainCount ?? 0) : voted,
      electorate: closed ? (vote.electorateSize ?? 0) : electorate,
    },
    result: closed
      ? {
          outcome: vote.outcome,
          accept: vote.acceptCount,
          refuse: vote.refuseCount,
          abstain: vote.abstainCount,
          electorate: vote.electorateSize,
        }
      : null,
  };
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
  const [row] = await deps.db.prisma.$queryRaw<{ choice: string; receipt_code: string }[]>`
    SELECT b.choice, b.receipt_code FROM ballot_link bl
    JOIN ballot b ON b.id = bl.ballot_id
    JOIN participant p ON p.id = bl.participant_id
    WHERE bl.vote_id = ${voteId}::uuid AND p.person_id = ${personId}::uuid`;
  return row ? { choice: row.choice, receiptCode: row.receipt_code } : null;
}

/** Published at closing: every receipt with its choice, in receipt order (nothing about who or when). */
async function publishedReceipts(deps: CoreDeps, { voteId }: { voteId: string }) {
  const vote = await deps.db.prisma.vote.findUnique({ where: { id: voteId }, select: { closedAt: true } });
  if (!vote?.closedAt) return null;
  return deps.db.prisma.ballot.findMany({
    where: { voteId },
    select: { receiptCode: true, choice: true },
    orderBy: { receiptCode: 'asc' },
  });
}

/** Open votes whose elector this person is and has not answered yet (for `/voter` and next steps). */
async function votesAwaiting(deps: CoreDeps, { personId }: { personId: string }) {
  return deps.db.prisma.$queryRaw<
    { voteId: string; mediationId: string; closesAt: Date; hasVoted: boolean }[]
  >`
    SELECT v.id AS "voteId", o.mediation_id AS "mediationId", v.closes_at AS "closesAt", em.has_voted AS "hasVoted"
    FROM electorate_member em
    JOIN participant p ON p.id = em.participant_id
    JOIN vote v ON v.id = em.vote_id
    JOIN offer o ON o.id = v.offer_id
    WHERE p.person_id = ${personId}::uuid AND em.left_at IS NULL AND v.closed_at IS NULL
    ORDER BY v.closes_at`;
}

export const votesQueries = { voteCard, openVoteOfMediation, myBallot, publishedReceipts, votesAwaiting };
