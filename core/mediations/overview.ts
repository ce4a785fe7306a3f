import type { SqlRunner } from '../db/connect.ts';
import type { MediationStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { finalStatuses } from './lifecycle.ts';

/**
 * The mediators' dashboard (product.md §6): every mediation, whatever its status, with its counts and
 * what is due next — files awaiting a decision (3 weeks each), a running vote's closing, the company's
 * answer, the adhesion window, the registration deadline, the 90-day limit — soonest first.
 * One SQL statement, whatever the number of mediations.
 */
export async function mediationsOverview(deps: CoreDeps) {
  const rows = await selectOverview(deps.db.sql, deps.clock.now());
  const mediations = rows.map((row) => {
    const due = dueActions(row);
    return {
      id: row.id,
      slug: row.slug,
      status: row.status,
      title: { fr: row.titleFr, en: row.titleEn },
      company: row.company,
      participants: {
        draft: row.draft,
        submitted: row.submitted,
        admitted: row.admitted,
        rejected: row.rejected,
        withdrawn: row.withdrawn,
      },
      /** Claimed by the admitted participants, in cents. */
      totalClaimedCents: row.claimedCents,
      registrationClosesAt: row.registrationClosesAt,
      endsBy: row.endsBy,
      closedAt: row.closedAt,
      /** The vote running now: its turnout only, never a count of choices (product.md §5). */
      runningVote: row.voteId
        ? {
            voteId: row.voteId,
            closesAt: row.voteClosesAt as Date,
            voted: row.voted,
            electorate: row.electorate,
          }
        : null,
      due,
      nextDueAt: due[0]?.at ?? null,
    };
  });
  // Soonest due first; mediations with nothing due (drafts, ended ones) after, the latest created first.
  return mediations.sort(
    (a, b) =>
      (a.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY) -
        (b.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
      rank(a.status) - rank(b.status) ||
      a.slug.localeCompare(b.slug),
  );
}

export type DueAction =
  | { kind: 'reviewFiles'; at: Date; count: number; overdue: number }
  | { kind: 'voteCloses'; at: Date }
  | { kind: 'companyAnswer'; at: Date }
  | { kind: 'adhesionCloses'; at: Date }
  | { kind: 'registrationCloses'; at: Date }
  | { kind: 'mediationEnds'; at: Date };

function dueActions(row: OverviewRow): DueAction[] {
  if (finalStatuses.includes(row.status)) return [];
  const due: DueAction[] = [];
  if (row.submitted > 0 && row.reviewDueAt) {
    due.push({ kind: 'reviewFiles', at: row.reviewDueAt, count: row.submitted, overdue: row.reviewOverdue });
  }
  if (row.voteClosesAt) due.push({ kind: 'voteCloses', at: row.voteClosesAt });
  // Only until the company's first offer: once it has answered, its silence cannot be a refusal.
  if (row.status === 'NEGOTIATION' && !row.hasOffer && row.companyAnswerDueAt) {
    due.push({ kind: 'companyAnswer', at: row.companyAnswerDueAt });
  }
  if (row.status === 'ADHESION' && row.adhesionClosesAt) {
    due.push({ kind: 'adhesionCloses', at: row.adhesionClosesAt });
  }
  if (row.status === 'OPEN' && row.registrationClosesAt) {
    due.push({ kind: 'registrationCloses', at: row.registrationClosesAt });
  }
  if (row.endsBy) due.push({ kind: 'mediationEnds', at: row.endsBy });
  return due.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Live work before drafts, drafts before ended mediations. */
function rank(status: MediationStatus): number {
  if (finalStatuses.includes(status)) return 2;
  return status === 'DRAFT' ? 1 : 0;
}

interface OverviewRow {
  id: string;
  slug: string;
  status: MediationStatus;
  titleFr: string;
  titleEn: string;
  company: string;
  registrationClosesAt: Date | null;
  endsBy: Date | null;
  companyAnswerDueAt: Date | null;
  adhesionClosesAt: Date | null;
  closedAt: Date | null;
  draft: number;
  submitted: number;
  admitted: number;
  rejected: number;
  withdrawn: number;
  claimedCents: number;
  reviewDueAt: Date | null;
  reviewOverdue: number;
  hasOffer: boolean;
  voteId: string | null;
  voteClosesAt: Date | null;
  electorate: number;
  voted: number;
}

function selectOverview(sql: SqlRunner, now: Date) {
  return sql.query<OverviewRow>(
    `SELECT m.id, m.slug, m.status::text AS status, m.title_fr AS "titleFr", m.title_en AS "titleEn",
       c.name AS company, m.registration_closes_at AS "registrationClosesAt", m.ends_by AS "endsBy",
       m.company_answer_due_at AS "companyAnswerDueAt", m.adhesion_closes_at AS "adhesionClosesAt",
       m.closed_at AS "closedAt",
       p.draft, p.submitted, p.admitted, p.rejected, p.withdrawn, p.claimed AS "claimedCents",
       p.review_due AS "reviewDueAt", p.review_overdue AS "reviewOverdue",
       EXISTS (SELECT 1 FROM offer o WHERE o.mediation_id = m.id) AS "hasOffer",
       v.id AS "voteId", v.closes_at AS "voteClosesAt",
       coalesce(v.electorate, 0) AS electorate, coalesce(v.voted, 0) AS voted
     FROM mediation m
     JOIN company c ON c.id = m.company_id
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = 'DRAFT')::int AS draft,
         count(*) FILTER (WHERE status = 'SUBMITTED')::int AS submitted,
         count(*) FILTER (WHERE status = 'ADMITTED')::int AS admitted,
         count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
         count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
         coalesce(sum(amount_cents) FILTER (WHERE status = 'ADMITTED'), 0)::float8 AS claimed,
         min(decision_due_at) FILTER (WHERE status = 'SUBMITTED') AS review_due,
         count(*) FILTER (WHERE status = 'SUBMITTED' AND decision_due_at < $1)::int AS review_overdue
       FROM participant WHERE mediation_id = m.id) p
     LEFT JOIN LATERAL (
       SELECT v.id, v.closes_at,
         (SELECT count(*) FROM electorate_member em WHERE em.vote_id = v.id AND em.left_at IS NULL)::int AS electorate,
         (SELECT count(*) FROM electorate_member em
           WHERE em.vote_id = v.id AND em.left_at IS NULL AND em.has_voted)::int AS voted
       FROM vote v JOIN offer o ON o.id = v.offer_id
       WHERE o.mediation_id = m.id AND v.closed_at IS NULL LIMIT 1) v ON true
     ORDER BY m.created_at DESC`,
    [now],
  );
}

/** Every company, for the mediators choosing one when they create a mediation. */
export function companies(deps: CoreDeps) {
  return deps.db.sql.query<{ id: string; slug: string; name: string; mediations: number }>(
    `SELECT c.id, c.slug, c.name,
       (SELECT count(*)::int FROM mediation m WHERE m.company_id = c.id) AS mediations
     FROM company c ORDER BY c.name, c.slug`,
  );
}
