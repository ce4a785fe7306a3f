import { z } from 'zod';
import { parisInstant } from '../clock/working-days.ts';
import type { ParticipantStatus, PayoutStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { voteTallyParams } from '../votes/rule-params.ts';
import type { VoteRule } from '../votes/tally.ts';

const participantStatuses: ParticipantStatus[] = ['DRAFT', 'SUBMITTED', 'ADMITTED', 'REJECTED', 'WITHDRAWN'];
const payoutStatuses: PayoutStatus[] = ['PENDING', 'SENT', 'CONFIRMED', 'PROBLEM'];

/**
 * The mediators' figures for one mediation (product.md §6), all counted and summed by the database.
 * A running vote shows its turnout only; its counts appear once it is closed (product.md §5).
 */
export async function mediationStatistics(deps: CoreDeps, input: { mediationId: string }) {
  if (!z.uuid().safeParse(input.mediationId).success) return null;
  const { prisma } = deps.db;
  const mediation = await prisma.mediation.findUnique({
    where: { id: input.mediationId },
    select: { id: true },
  });
  if (!mediation) return null;
  const byStatus = await prisma.$queryRaw<{ status: ParticipantStatus; n: number; claimed: bigint }[]>`
    SELECT status, count(*)::int AS n, COALESCE(sum(amount_cents), 0)::bigint AS claimed
    FROM participant WHERE mediation_id = ${mediation.id}::uuid GROUP BY status`;
  const participants = Object.fromEntries(
    participantStatuses.map((status) => [status, byStatus.find((row) => row.status === status)?.n ?? 0]),
  ) as Record<ParticipantStatus, number>;
  const admitted = byStatus.find((row) => row.status === 'ADMITTED');

  const offers = await prisma.$queryRaw<OfferRow[]>`
    SELECT o.id, o.round, o.status, o.compensation_kind AS "compensationKind",
      v.id AS "voteId", v.closes_at AS "closesAt", v.closed_at AS "closedAt", v.outcome,
      v.electorate_size AS "electorateSize", v.accept_count AS "accept", v.refuse_count AS "refuse",
      v.abstain_count AS "abstain", v.vote_base AS "voteBase",
      v.threshold_numerator AS "thresholdNumerator", v.threshold_denominator AS "thresholdDenominator",
      v.quorum_numerator AS "quorumNumerator", v.quorum_denominator AS "quorumDenominator",
      (SELECT count(*)::int FROM electorate_member em WHERE em.vote_id = v.id AND em.left_at IS NULL) AS "electorate",
      (SELECT count(*)::int FROM electorate_member em
        WHERE em.vote_id = v.id AND em.left_at IS NULL AND em.has_voted) AS "voted",
      (SELECT count(*)::int FROM adhesion a WHERE a.offer_id = o.id AND a.decision = 'ADHERED') AS "adhered",
      (SELECT count(*)::int FROM adhesion a WHERE a.offer_id = o.id AND a.decision = 'DECLINED') AS "declined"
    FROM offer o LEFT JOIN vote v ON v.offer_id = o.id
    WHERE o.mediation_id = ${mediation.id}::uuid ORDER BY o.round`;

  const payoutRows = await prisma.$queryRaw<{ status: PayoutStatus; n: number; total: bigint }[]>`
    SELECT p.status, count(*)::int AS n, COALESCE(sum(p.amount_cents), 0)::bigint AS total
    FROM payout p JOIN offer o ON o.id = p.offer_id
    WHERE o.mediation_id = ${mediation.id}::uuid GROUP BY p.status`;

  return {
    mediationId: mediation.id,
    participants,
    /** Amount claimed by the admitted participants, in cents. */
    totalClaimedCents: Number(admitted?.claimed ?? 0n),
    offers: offers.map(offerView),
    payouts: {
      ...(Object.fromEntries(
        payoutStatuses.map((status) => [status, payoutRows.find((row) => row.status === status)?.n ?? 0]),
      ) as Record<PayoutStatus, number>),
      totalCents: payoutRows.reduce((sum, row) => sum + Number(row.total), 0),
    },
  };
}

interface OfferRow extends Partial<VoteRule> {
  id: string;
  round: number;
  status: string;
  compensationKind: string;
  voteId: string | null;
  closesAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  electorateSize: number | null;
  accept: number | null;
  refuse: number | null;
  abstain: number | null;
  electorate: number;
  voted: number;
  adhered: number;
  declined: number;
}

function offerView(row: OfferRow) {
  const base = {
    offerId: row.id,
    round: row.round,
    status: row.status,
    compensationKind: row.compensationKind,
    adhesions: { adhered: row.adhered, declined: row.declined },
  };
  if (!row.voteId) return { ...base, vote: null };
  if (!row.closedAt) {
    return {
      ...base,
      vote: {
        voteId: row.voteId,
        closed: false as const,
        closesAt: row.closesAt,
        electorate: row.electorate,
        voted: row.voted,
      },
    };
  }
  return {
    ...base,
    vote: {
      voteId: row.voteId,
      closed: true as const,
      closedAt: row.closedAt,
      outcome: row.outcome,
      electorate: row.electorateSize,
      accept: row.accept,
      refuse: row.refuse,
      abstain: row.abstain,
      tally: voteTallyParams(row as VoteRule, {
        electorate: row.electorateSize ?? 0,
        accept: row.accept ?? 0,
        refuse: row.refuse ?? 0,
        abstain: row.abstain ?? 0,
      }),
    },
  };
}

/**
 * The annual activity report a consumer mediator must publish (Code de la consommation, R.614-2):
 * disputes received, refusals and their reasons, withdrawals, mean duration and outcomes. The year is
 * the calendar year in Paris; everything is counted by the database from the records.
 */
export async function annualReport(deps: CoreDeps, input: { year: number }) {
  const year = Math.floor(input.year);
  const from = parisInstant({ year, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 });
  const to = parisInstant({
    year: year + 1,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
  const { prisma } = deps.db;
  const [counts] = await prisma.$queryRaw<
    { mediationsOpened: number; filesReceived: number; filesRejected: number; withdrawals: number }[]
  >`
    SELECT
      (SELECT count(*)::int FROM mediation WHERE registration_opened_at >= ${from} AND registration_opened_at < ${to}) AS "mediationsOpened",
      (SELECT count(*)::int FROM participant WHERE submitted_at >= ${from} AND submitted_at < ${to}) AS "filesReceived",
      (SELECT count(*)::int FROM participant WHERE status = 'REJECTED' AND decided_at >= ${from} AND decided_at < ${to}) AS "filesRejected",
      (SELECT count(*)::int FROM participant WHERE withdrawn_at >= ${from} AND withdrawn_at < ${to}) AS "withdrawals"`;
  const rejectionReasons = await prisma.$queryRaw<{ reason: string; count: number }[]>`
    SELECT rejection_reason AS reason, count(*)::int AS count FROM participant
    WHERE status = 'REJECTED' AND decided_at >= ${from} AND decided_at < ${to}
    GROUP BY rejection_reason ORDER BY count(*) DESC, rejection_reason`;
  const closed = await prisma.$queryRaw<{ status: string; reason: string | null; count: number }[]>`
    SELECT status::text AS status, closing_reason AS reason, count(*)::int AS count FROM mediation
    WHERE closed_at >= ${from} AND closed_at < ${to}
    GROUP BY status, closing_reason ORDER BY status, count(*) DESC`;
  // A mediation lasts from the opening notice (the start of the 90-day limit) to its end.
  const [duration] = await prisma.$queryRaw<{ meanDays: number | null }[]>`
    SELECT (avg(extract(epoch FROM closed_at - COALESCE(opening_notice_at, registration_opened_at, created_at))) / 86400)::float8 AS "meanDays"
    FROM mediation WHERE closed_at >= ${from} AND closed_at < ${to}`;

  const total = counts ?? { mediationsOpened: 0, filesReceived: 0, filesRejected: 0, withdrawals: 0 };
  const outcome = (status: string) =>
    closed.filter((row) => row.status === status).reduce((sum, row) => sum + row.count, 0);
  return {
    year,
    disputes: { mediations: total.mediationsOpened, files: total.filesReceived },
    refusals: {
      files: total.filesRejected,
      /** Share of the files received this year that were refused, in percent (two decimals). */
      percentOfFiles:
        total.filesReceived === 0 ? 0 : Math.round((total.filesRejected * 10000) / total.filesReceived) / 100,
      reasons: rejectionReasons,
    },
    withdrawals: total.withdrawals,
    outcomes: {
      closed: closed.reduce((sum, row) => sum + row.count, 0),
      succeeded: outcome('CLOSED_SUCCESS'),
      failed: outcome('CLOSED_FAILURE'),
      cancelled: outcome('CANCELLED'),
      /** Why mediations failed or were cancelled: a code (`company_silent`…) or a mediator's words. */
      reasons: closed
        .filter((row) => row.status !== 'CLOSED_SUCCESS')
        .map((row) => ({ status: row.status, reason: row.reason, count: row.count })),
    },
    meanDurationDays: duration?.meanDays == null ? null : Math.round(duration.meanDays * 10) / 10,
  };
}
