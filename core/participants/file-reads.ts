import type { SqlRunner } from '../db/connect.ts';
import type { MediationStatus, ParticipantStatus } from '../db/generated/enums.ts';
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

type Row = Omit<OwnFileRow, 'mediation'> & {
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
       m.registration_closes_at AS "registrationClosesAt", m.adhesion_closes_at AS "adhesionClosesAt"
     FROM participant p
     JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL
     JOIN mediation m ON m.id = p.mediation_id
     WHERE p.person_id = $1::uuid
     ORDER BY p.created_at DESC`,
    [personId],
  );
  return rows.map(
    ({ slug, titleFr, titleEn, mediationStatus, registrationClosesAt, adhesionClosesAt, ...file }) => ({
      ...file,
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
