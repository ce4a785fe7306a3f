import { parisInstant, parisWallTime } from '../clock/working-days.ts';
import type { CoreDeps } from '../deps.ts';
import { closingCodes } from '../mediations/closing.ts';
import { annualReport } from '../mediations/statistics.ts';
import { MEDIATION_ENDED_REASON } from '../mediations/undecided-files.ts';

/**
 * The annual activity report as the public web site publishes it (R614-2). Its figures are those of
 * `annualReport`, counted over every mediation (which is what the law asks, and which reveals no single
 * confidential one); this view only takes out what a page must not show: a mediator's own words (a
 * refusal or a closing reason may hold a person's situation) and any confidential mediation's name.
 */

type Texts = { fr: string; en: string };

/** Why a file was refused, as a category the site may print: never the words written to the person. */
export type RefusalCategory = 'mediationEnded' | 'mediatorDecision';

export interface PublicReportSubject {
  slug: string;
  title: Texts;
  company: { slug: string; name: string };
  /** Files received in the year in this mediation. */
  files: number;
}

export interface PublicAnnualReport {
  year: number;
  /** The year is not over (in Paris): its figures will still change. */
  inProgress: boolean;
  disputes: { mediations: number; files: number };
  /** The mediations that were opened or received files in the year: public ones by name, others counted. */
  subjects: { public: PublicReportSubject[]; confidential: { mediations: number; files: number } };
  refusals: {
    files: number;
    percentOfFiles: number;
    reasons: { category: RefusalCategory; count: number }[];
  };
  withdrawals: number;
  meanDurationDays: number | null;
  outcomes: {
    closed: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    /** A product code (`company_silent`…) or null: a mediator's own reason, counted, not printed. */
    reasons: { status: string; code: string | null; count: number }[];
  };
  /** Offers put to the vote whose vote closed in the year (a voided vote had no result) and accepted. */
  votes: { closed: number; accepted: number };
}

/** The reasons the product itself gives when it ends a mediation, which the site words. */
const productClosingCodes: ReadonlySet<string> = new Set(Object.values(closingCodes));

/** The calendar year in Paris, now. */
export function currentReportYear(deps: Pick<CoreDeps, 'clock'>): number {
  return parisWallTime(deps.clock.now()).year;
}

function yearBounds(year: number): { from: Date; to: Date } {
  const newYear = (y: number) =>
    parisInstant({ year: y, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 });
  return { from: newYear(year), to: newYear(year + 1) };
}

/**
 * The years that have a report, newest first: those in which anything the report counts happened.
 * The current year is always there once it has activity; no year after it can have any.
 */
export async function publicReportYears(deps: CoreDeps): Promise<{ years: number[]; currentYear: number }> {
  const rows = await deps.db.sql.query<{ year: number }>(
    `SELECT DISTINCT extract(year FROM at AT TIME ZONE 'Europe/Paris')::int AS year FROM (
       SELECT registration_opened_at AS at FROM mediation
       UNION ALL SELECT closed_at FROM mediation
       UNION ALL SELECT submitted_at FROM participant
       UNION ALL SELECT decided_at FROM participant WHERE status = 'REJECTED'
       UNION ALL SELECT withdrawn_at FROM participant
       UNION ALL SELECT closed_at FROM vote
     ) AS activity WHERE at IS NOT NULL ORDER BY year DESC`,
  );
  const currentYear = currentReportYear(deps);
  return { years: rows.map((row) => Number(row.year)).filter((y) => y <= currentYear), currentYear };
}

/** The report of a year that has one, or null (no activity, or a year yet to come). */
export async function publicAnnualReport(
  deps: CoreDeps,
  input: { year: number },
): Promise<PublicAnnualReport | null> {
  const { years, currentYear } = await publicReportYears(deps);
  if (!Number.isInteger(input.year) || !years.includes(input.year)) return null;
  const report = await annualReport(deps, { year: input.year });
  const [subjects, votes] = await Promise.all([
    reportSubjects(deps, input.year),
    closedVotes(deps, input.year),
  ]);
  return {
    year: report.year,
    inProgress: report.year === currentYear,
    disputes: report.disputes,
    subjects,
    refusals: {
      files: report.refusals.files,
      percentOfFiles: report.refusals.percentOfFiles,
      reasons: refusalCategories(report.refusals.reasons),
    },
    withdrawals: report.withdrawals,
    meanDurationDays: report.meanDurationDays,
    outcomes: {
      closed: report.outcomes.closed,
      succeeded: report.outcomes.succeeded,
      failed: report.outcomes.failed,
      cancelled: report.outcomes.cancelled,
      reasons: closingReasons(report.outcomes.reasons),
    },
    votes,
  };
}

/**
 * A refusal's reason is what a mediator wrote to the person (« votre contrat est chez SFR… »): it may
 * describe their situation, so it is never published. Only the product's own reason (the mediation
 * ended before the file was decided) is told apart; every other refusal is a mediator's decision.
 */
function refusalCategories(reasons: { reason: string | null; count: number }[]) {
  const counts = new Map<RefusalCategory, number>();
  for (const { reason, count } of reasons) {
    const category: RefusalCategory =
      reason === MEDIATION_ENDED_REASON ? 'mediationEnded' : 'mediatorDecision';
    counts.set(category, (counts.get(category) ?? 0) + count);
  }
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

/** Closing reasons by status: a product code as is, a mediator's words merged into one uncited line. */
function closingReasons(reasons: { status: string; reason: string | null; count: number }[]) {
  const merged = new Map<string, { status: string; code: string | null; count: number }>();
  for (const { status, reason, count } of reasons) {
    const code = reason !== null && productClosingCodes.has(reason) ? reason : null;
    const key = `${status}:${code ?? ''}`;
    const line = merged.get(key) ?? { status, code, count: 0 };
    line.count += count;
    merged.set(key, line);
  }
  return [...merged.values()].sort(
    (a, b) =>
      a.status.localeCompare(b.status) || b.count - a.count || (a.code ?? '~').localeCompare(b.code ?? '~'),
  );
}

/**
 * The disputes' subjects: every mediation opened in the year or that received files in it. A public one
 * (marked so with the parties' agreement, L612-3) is named; the others are only counted together.
 */
async function reportSubjects(deps: CoreDeps, year: number): Promise<PublicAnnualReport['subjects']> {
  const { from, to } = yearBounds(year);
  const rows = await deps.db.sql.query<{
    slug: string;
    titleFr: string;
    titleEn: string;
    companySlug: string;
    companyName: string;
    isPublic: boolean;
    files: number;
  }>(
    `SELECT m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn",
       c.slug AS "companySlug", c.name AS "companyName",
       (m.news_public_since IS NOT NULL AND m.status <> 'DRAFT') AS "isPublic",
       (SELECT count(*)::int FROM participant p
          WHERE p.mediation_id = m.id AND p.submitted_at >= $1 AND p.submitted_at < $2) AS files
     FROM mediation m JOIN company c ON c.id = m.company_id
     WHERE (m.registration_opened_at >= $1 AND m.registration_opened_at < $2)
        OR EXISTS (SELECT 1 FROM participant p
          WHERE p.mediation_id = m.id AND p.submitted_at >= $1 AND p.submitted_at < $2)
     ORDER BY files DESC, m.slug`,
    [from, to],
  );
  const confidential = rows.filter((row) => !row.isPublic);
  return {
    public: rows
      .filter((row) => row.isPublic)
      .map((row) => ({
        slug: row.slug,
        title: { fr: row.titleFr, en: row.titleEn },
        company: { slug: row.companySlug, name: row.companyName },
        files: row.files,
      })),
    confidential: {
      mediations: confidential.length,
      files: confidential.reduce((sum, row) => sum + row.files, 0),
    },
  };
}

/** Votes on an offer that closed in the year with a result, and those that accepted it. */
async function closedVotes(deps: CoreDeps, year: number): Promise<PublicAnnualReport['votes']> {
  const { from, to } = yearBounds(year);
  const [row] = await deps.db.sql.query<{ closed: number; accepted: number }>(
    `SELECT count(*) FILTER (WHERE outcome IN ('ACCEPTED', 'REJECTED'))::int AS closed,
       count(*) FILTER (WHERE outcome = 'ACCEPTED')::int AS accepted
     FROM vote WHERE closed_at >= $1 AND closed_at < $2`,
    [from, to],
  );
  return { closed: row?.closed ?? 0, accepted: row?.accepted ?? 0 };
}

/** Read-only views for the web site's annual report; registered in core/queries.ts. */
export const publicReportQueries = { publicReportYears, publicAnnualReport };
