import type { CompensationRule } from '../agreement/payout-amount.ts';
import type { SqlRunner } from '../db/connect.ts';
import type { MediationStatus, OfferStatus, ParticipantStatus, PayoutStatus } from '../db/generated/enums.ts';
import type { CalendarDay } from './dates.ts';

// `/mesdossiers` is read after every answer of the joining chat: one SQL statement rather than the
// five Prisma queries it took (a Prisma query costs several times the CPU here: bench/, issue 3).

export interface OwnFileRow {
  id: string;
  mediationId: string;
  status: ParticipantStatus;
  consentTermsAt: Date | null;
  consentGroupingAt: Date | null;
  consentDataAt: Date | null;
  description: string | null;
  /** The participant lets the company read the description (issue 15). */
  descriptionShared: boolean;
  amountCents: number | null;
  problemDate: CalendarDay | null;
  priorComplaintDate: CalendarDay | null;
  submittedAt: Date | null;
  decisionDueAt: Date | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  withdrawnAt: Date | null;
  /** Every eligibility question of the mediation has the answer that makes one eligible. */
  eligible: boolean;
  evidence: { id: string; fileName: string | null; mimeType: string; sizeBytes: number }[];
  /**
   * The offer under vote or accepted (the latest round), and whether it may cover this file: only the
   * electors of its vote are asked to adhere to it (product.md §5).
   */
  liveOffer: (CompensationRule & { status: OfferStatus; covered: boolean }) | null;
  /** Their payout under the accepted offer, once the agreement is executed. */
  payout: { id: string; amountCents: number; status: PayoutStatus; sentAt: Date | null } | null;
  mediation: {
    id: string;
    slug: string;
    titleFr: string;
    titleEn: string;
    status: MediationStatus;
    registrationClosesAt: Date | null;
    adhesionClosesAt: Date | null;
  };
}

type Row = Omit<OwnFileRow, 'mediation' | 'liveOffer' | 'payout'> & {
  offer: OwnFileRow['liveOffer'];
  payout: { id: string; amountCents: number; status: PayoutStatus; sentAt: string | null } | null;
  slug: string;
  titleFr: string;
  titleEn: string;
  mediationStatus: MediationStatus;
  registrationClosesAt: Date | null;
  adhesionClosesAt: Date | null;
};

/** Every file of a person who was not erased, newest first. */
export async function selectOwnFiles(sql: SqlRunner, personId: string): Promise<OwnFileRow[]> {
  const rows = await sql.query<Row>(
    `SELECT p.id, p.mediation_id AS "mediationId", p.status::text AS status,
       p.consent_terms_at AS "consentTermsAt", p.consent_grouping_at AS "consentGroupingAt",
       p.consent_data_at AS "consentDataAt", p.description, p.amount_cents AS "amountCents",
       p.description_shared_at IS NOT NULL AS "descriptionShared",
       to_char(p.problem_date, 'YYYY-MM-DD') AS "problemDate",
       to_char(p.prior_complaint_date, 'YYYY-MM-DD') AS "priorComplaintDate",
       p.submitted_at AS "submittedAt", p.decision_due_at AS "decisionDueAt", p.decided_at AS "decidedAt",
       p.rejection_reason AS "rejectionReason", p.withdrawn_at AS "withdrawnAt",
       NOT EXISTS (SELECT 1 FROM eligibility_question q
         LEFT JOIN eligibility_answer a ON a.question_id = q.id AND a.participant_id = p.id
         WHERE q.mediation_id = p.mediation_id AND a.answer IS DISTINCT FROM q.required_answer) AS eligible,
       (SELECT coalesce(json_agg(json_build_object('id', e.id, 'fileName', e.file_name,
           'mimeType', e.mime_type, 'sizeBytes', e.size_bytes) ORDER BY e.created_at), '[]')
         FROM evidence e WHERE e.participant_id = p.id) AS evidence,
       m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn", m.status::text AS "mediationStatus",
       m.registration_closes_at AS "registrationClosesAt", m.adhesion_closes_at AS "adhesionClosesAt",
       CASE WHEN lo.status IS NULL THEN NULL ELSE json_build_object('status', lo.status,
         'compensationKind', lo.compensation_kind, 'fixedCents', lo.fixed_cents,
         'percentBasisPoints', lo.percent_basis_points, 'capCents', lo.cap_cents,
         'covered', lo.covered) END AS offer,
       CASE WHEN lo.payout_id IS NULL THEN NULL ELSE json_build_object('id', lo.payout_id,
         'amountCents', lo.payout_cents, 'status', lo.payout_status, 'sentAt', lo.sent_at) END AS payout
     FROM participant p
     JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL
     JOIN mediation m ON m.id = p.mediation_id
     LEFT JOIN LATERAL (
       SELECT o.status, o.compensation_kind, o.fixed_cents, o.percent_basis_points, o.cap_cents,
         pay.id AS payout_id, pay.amount_cents AS payout_cents, pay.status AS payout_status, pay.sent_at,
         EXISTS (SELECT 1 FROM vote v JOIN electorate_member em ON em.vote_id = v.id
           WHERE v.offer_id = o.id AND em.participant_id = p.id AND em.left_at IS NULL) AS covered
       FROM offer o LEFT JOIN payout pay ON pay.offer_id = o.id AND pay.participant_id = p.id
       WHERE o.mediation_id = p.mediation_id AND o.status IN ('VOTING', 'ACCEPTED')
       ORDER BY o.round DESC LIMIT 1) lo ON true
     WHERE p.person_id = $1::uuid
     ORDER BY p.created_at DESC`,
    [personId],
  );
  return rows.map(
    ({
      slug,
      titleFr,
      titleEn,
      mediationStatus,
      registrationClosesAt,
      adhesionClosesAt,
      offer,
      payout,
      ...file
    }) => ({
      ...file,
      liveOffer: offer,
      payout: payout && { ...payout, sentAt: payout.sentAt ? new Date(payout.sentAt) : null },
      mediation: {
        id: file.mediationId,
        slug,
        titleFr,
        titleEn,
        status: mediationStatus,
        registrationClosesAt,
        adhesionClosesAt,
      },
    }),
  );
}
