import type { CoreDeps } from '../deps.ts';

/**
 * The files awaiting a mediator's decision across every live mediation, the nearest 3-week limit first
 * (product.md §3), for a dashboard that shows the most urgent ones. Ids and dates only: the complaint
 * itself is read with `participantsForReview` when a mediator opens the file.
 */
export async function filesAwaitingDecision(deps: CoreDeps, input: { limit?: number } = {}) {
  const limit = Math.min(500, Math.max(1, Math.floor(input.limit ?? 50)));
  return deps.db.sql.query<{
    participantId: string;
    mediationId: string;
    slug: string;
    titleFr: string;
    titleEn: string;
    submittedAt: Date | null;
    decisionDueAt: Date | null;
    /** How many proof files it has (to offer « Voir les justificatifs » only when there are some). */
    evidence: number;
  }>(
    `SELECT p.id AS "participantId", m.id AS "mediationId", m.slug, m.title_fr AS "titleFr",
       m.title_en AS "titleEn", p.submitted_at AS "submittedAt", p.decision_due_at AS "decisionDueAt",
       (SELECT count(*)::int FROM evidence e WHERE e.participant_id = p.id) AS evidence
     FROM participant p JOIN mediation m ON m.id = p.mediation_id
     WHERE p.status = 'SUBMITTED' AND m.status NOT IN ('CLOSED_SUCCESS', 'CLOSED_FAILURE', 'CANCELLED')
     ORDER BY p.decision_due_at ASC NULLS LAST, p.submitted_at ASC, p.id
     LIMIT $1`,
    [limit],
  );
}
