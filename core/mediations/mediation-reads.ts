import type { SqlRunner } from '../db/connect.ts';
import type { MediationStatus, OfferStatus, VoteBase } from '../db/generated/enums.ts';
import { partiesSql } from './audience.ts';
import type { OfferColumns } from './offer-terms.ts';

// The views of a mediation every visitor of the bots opens, each read as one SQL statement: through
// Prisma's client they took 4 to 7 queries, at several times the CPU per query (bench/, issue 3).

/** Joined participants (the parties: file submitted or admitted) of mediation `m`. */
const joinedCount = `(SELECT count(*)::int FROM participant p
  WHERE p.mediation_id = m.id AND p.status IN (${partiesSql}))`;

export interface OpenMediationRow {
  id: string;
  slug: string;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  company: string;
  registrationClosesAt: Date | null;
  participants: number;
  total: number;
}

/** One page of open mediations, soonest registration deadline first, each row with the total count. */
export function selectOpenMediations(sql: SqlRunner, limit: number, offset: number) {
  return sql.query<OpenMediationRow>(
    `SELECT m.id, m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn", m.summary_fr AS "summaryFr",
       m.summary_en AS "summaryEn", c.name AS company, m.registration_closes_at AS "registrationClosesAt",
       ${joinedCount} AS participants, count(*) OVER ()::int AS total
     FROM mediation m JOIN company c ON c.id = m.company_id
     WHERE m.status = 'OPEN'
     ORDER BY m.registration_closes_at, m.slug
     LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
}

export async function countOpenMediations(sql: SqlRunner): Promise<number> {
  const [row] = await sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM mediation WHERE status = 'OPEN'`,
  );
  return row?.total ?? 0;
}

export interface MediationDetailsRow {
  id: string;
  slug: string;
  status: MediationStatus;
  companyId: string;
  companySlug: string;
  companyName: string;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  goalFr: string;
  goalEn: string;
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
  registrationOpenedAt: Date | null;
  registrationClosesAt: Date | null;
  openingNoticeAt: Date | null;
  endsBy: Date | null;
  companyInvitedAt: Date | null;
  companyAnswerDueAt: Date | null;
  adhesionClosesAt: Date | null;
  closedAt: Date | null;
  closingReason: string | null;
  companyNotifiedVia: 'MANUAL' | 'EMAIL' | null;
  companyAnswer: 'TAKE_PART' | 'DECLINED' | null;
  companyAnsweredAt: Date | null;
  newsPublicSince: Date | null;
  newsPublicAgreement: string | null;
  participants: number;
  questions: { id: string; position: number; fr: string; en: string; requiredAnswer: boolean }[];
  /** Dates as JSON strings: they come from `json_agg`. */
  extensions: { days: number; reason: string; previousEndsBy: string; newEndsBy: string; at: string }[];
  /** The latest offer that was not voided; its vote, if one was opened. */
  offer: (OfferColumns & { status: OfferStatus; recordedBy: string }) | null;
  voteId: string | null;
  voteClosesAt: Date | null;
  voteClosedAt: Date | null;
}

/** Everything about one mediation, found by id or by slug. */
export async function selectMediationDetails(
  sql: SqlRunner,
  by: { id: string } | { slug: string },
): Promise<MediationDetailsRow | undefined> {
  const [row] = await sql.query<MediationDetailsRow>(
    `SELECT m.id, m.slug, m.status::text AS status, c.id AS "companyId", c.slug AS "companySlug",
       c.name AS "companyName", m.title_fr AS "titleFr", m.title_en AS "titleEn",
       m.summary_fr AS "summaryFr", m.summary_en AS "summaryEn", m.goal_fr AS "goalFr", m.goal_en AS "goalEn",
       m.vote_base::text AS "voteBase", m.threshold_numerator AS "thresholdNumerator",
       m.threshold_denominator AS "thresholdDenominator", m.quorum_numerator AS "quorumNumerator",
       m.quorum_denominator AS "quorumDenominator", m.registration_opened_at AS "registrationOpenedAt",
       m.registration_closes_at AS "registrationClosesAt", m.opening_notice_at AS "openingNoticeAt",
       m.ends_by AS "endsBy", m.company_invited_at AS "companyInvitedAt",
       m.company_answer_due_at AS "companyAnswerDueAt", m.adhesion_closes_at AS "adhesionClosesAt",
       m.closed_at AS "closedAt", m.closing_reason AS "closingReason",
       m.company_notified_via::text AS "companyNotifiedVia", m.news_public_since AS "newsPublicSince",
       m.company_answer::text AS "companyAnswer", m.company_answered_at AS "companyAnsweredAt",
       m.news_public_agreement AS "newsPublicAgreement",
       ${joinedCount} AS participants,
       (SELECT coalesce(json_agg(json_build_object('id', q.id, 'position', q.position, 'fr', q.text_fr,
           'en', q.text_en, 'requiredAnswer', q.required_answer) ORDER BY q.position), '[]')
         FROM eligibility_question q WHERE q.mediation_id = m.id) AS questions,
       (SELECT coalesce(json_agg(json_build_object('days', e.days, 'reason', e.reason,
           'previousEndsBy', e.previous_ends_by, 'newEndsBy', e.new_ends_by, 'at', e.created_at)
           ORDER BY e.created_at), '[]')
         FROM mediation_extension e WHERE e.mediation_id = m.id) AS extensions,
       o.offer,
       v.id AS "voteId", v.closes_at AS "voteClosesAt", v.closed_at AS "voteClosedAt"
     FROM mediation m
     JOIN company c ON c.id = m.company_id
     LEFT JOIN LATERAL (SELECT id, json_build_object('id', id, 'round', round, 'termsFr', terms_fr,
         'termsEn', terms_en, 'compensationKind', compensation_kind, 'fixedCents', fixed_cents,
         'percentBasisPoints', percent_basis_points, 'capCents', cap_cents, 'minAdhesions', min_adhesions,
         'validUntil', valid_until, 'recordedBy', recorded_by, 'status', status) AS offer
       FROM offer WHERE mediation_id = m.id AND status <> 'VOIDED' ORDER BY round DESC LIMIT 1) o ON true
     LEFT JOIN vote v ON v.offer_id = o.id
     WHERE ${'id' in by ? 'm.id = $1::uuid' : 'm.slug = $1'}`,
    ['id' in by ? by.id : by.slug],
  );
  return row;
}
