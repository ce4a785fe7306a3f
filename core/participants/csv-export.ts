import { z } from 'zod';
import { parisWallTime } from '../clock/working-days.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { type Locale, t } from '../i18n/index.ts';
import { type CsvValue, toCsv } from './csv.ts';

/**
 * The mediators' review data of one mediation as a CSV file (product.md §6): each file sent to them,
 * its decision, the complaint, the eligibility answers. Drafts stay their author's own. Nothing about
 * votes is read, not even who voted: nobody may learn who voted what (product.md §5).
 * French spreadsheets expect `;` between cells and a decimal comma; English ones `,` and a point.
 */
export async function participantsCsv(deps: CoreDeps, input: { mediationId: string; locale: Locale }) {
  if (!z.uuid().safeParse(input.mediationId).success) return null;
  const { locale } = input;
  const [mediation] = await deps.db.sql.query<{ slug: string }>(
    'SELECT slug FROM mediation WHERE id = $1::uuid',
    [input.mediationId],
  );
  if (!mediation) return null;
  const files = await selectFiles(deps, input.mediationId);
  const separator = locale === 'fr' ? ';' : ',';
  const yes = t(locale, 'common:yes');
  const no = t(locale, 'common:no');
  const header = columns.map((column) => t(locale, `mediator:export.columns.${column}`));
  const lines = files.map((file): CsvValue[] => [
    file.id,
    t(locale, `common:participantStatus.${file.status}`),
    dateTime(file.submittedAt),
    dateTime(file.decisionDueAt),
    dateTime(file.decidedAt),
    file.decidedBy,
    file.rejectionReason,
    dateTime(file.withdrawnAt),
    file.amountCents === null ? null : euros(file.amountCents, locale),
    file.problemDate,
    file.priorComplaintDate,
    file.description,
    file.answers
      .map((answer) => `${locale === 'fr' ? answer.fr : answer.en} ${answer.answer ? yes : no}`)
      .join(' / '),
    file.evidence,
    file.erased ? yes : no,
  ]);
  const today = parisWallTime(deps.clock.now());
  return {
    fileName: `participants-${mediation.slug}-${today.year}-${pad(today.month)}-${pad(today.day)}.csv`,
    mimeType: 'text/csv; charset=utf-8',
    content: toCsv([header, ...lines], separator),
    rows: files.length,
  };
}

const columns = [
  'participantId',
  'status',
  'submittedAt',
  'decisionDueAt',
  'decidedAt',
  'decidedBy',
  'rejectionReason',
  'withdrawnAt',
  'amount',
  'problemDate',
  'priorComplaintDate',
  'description',
  'eligibility',
  'evidenceFiles',
  'erased',
] as const;

interface FileRow {
  id: string;
  status: ParticipantStatus;
  submittedAt: Date | null;
  decisionDueAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  rejectionReason: string | null;
  withdrawnAt: Date | null;
  amountCents: number | null;
  problemDate: string | null;
  priorComplaintDate: string | null;
  description: string | null;
  answers: { fr: string; en: string; answer: boolean }[];
  evidence: number;
  erased: boolean;
}

/** One statement: the files with their answers and proof count (no vote table is joined). */
function selectFiles(deps: CoreDeps, mediationId: string) {
  return deps.db.sql.query<FileRow>(
    `SELECT p.id, p.status::text AS status, p.submitted_at AS "submittedAt",
       p.decision_due_at AS "decisionDueAt", p.decided_at AS "decidedAt", p.decided_by AS "decidedBy",
       p.rejection_reason AS "rejectionReason", p.withdrawn_at AS "withdrawnAt",
       p.amount_cents AS "amountCents", to_char(p.problem_date, 'YYYY-MM-DD') AS "problemDate",
       to_char(p.prior_complaint_date, 'YYYY-MM-DD') AS "priorComplaintDate", p.description,
       (SELECT coalesce(json_agg(json_build_object('fr', q.text_fr, 'en', q.text_en, 'answer', a.answer)
           ORDER BY q.position), '[]')
         FROM eligibility_answer a JOIN eligibility_question q ON q.id = a.question_id
         WHERE a.participant_id = p.id) AS answers,
       (SELECT count(*)::int FROM evidence e WHERE e.participant_id = p.id) AS evidence,
       pe.erased_at IS NOT NULL AS erased
     FROM participant p JOIN person pe ON pe.id = p.person_id
     WHERE p.mediation_id = $1::uuid AND p.status <> 'DRAFT'
     ORDER BY p.submitted_at NULLS LAST, p.created_at`,
    [mediationId],
  );
}

/** `2026-03-02 10:00`, Paris time: what a spreadsheet reads as a date and a person as their time. */
function dateTime(at: Date | null): string | null {
  if (!at) return null;
  const wall = parisWallTime(at);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** `1234,56` in French, `1234.56` in English: a number the spreadsheet can sum, without a currency sign. */
function euros(cents: number, locale: Locale): string {
  const text = `${Math.trunc(cents / 100)}.${pad(cents % 100)}`;
  return locale === 'fr' ? text.replace('.', ',') : text;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
