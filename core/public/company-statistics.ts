import type { MediationStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

/**
 * A company's page on the public web site (issue 14): its public mediations and what the records say
 * of how it took part in them — counts only, never a person or an amount paid to one.
 *
 * Only public mediations are counted. A confidential mediation (L612-3) must not be identifiable, and
 * the company's name would identify it: a count that included it would tell that a dispute with this
 * company exists beyond the ones listed. A company with no public mediation has no page at all.
 */

type Texts = { fr: string; en: string };

export interface PublicCompanyStatistics {
  slug: string;
  name: string;
  mediations: { slug: string; title: Texts; status: MediationStatus }[];
  counts: {
    /** Mediations to which the company was invited. */
    invitations: number;
    /** Of those, the ones where its first offer was recorded by the answer deadline set at the invitation. */
    answeredInTime: number;
    /** The ones where its first offer was recorded after that deadline. */
    answeredLate: number;
    /** Offers recorded, every round (a replaced offer included). */
    offers: number;
    /** Offers the participants accepted by their vote. */
    acceptedOffers: number;
    /** Compensations whose receipt the consumer confirmed, one per person and agreement. */
    payoutsConfirmed: number;
  };
}

/** The mediations the site may show: marked public with the parties' agreement, and no longer drafts. */
const PUBLIC = `m.news_public_since IS NOT NULL AND m.status <> 'DRAFT'`;

/** A company's public statistics, or null when it has no public mediation (or does not exist). */
export async function publicCompanyStatistics(
  deps: CoreDeps,
  input: { slug: string },
): Promise<PublicCompanyStatistics | null> {
  const { sql } = deps.db;
  const mediations = await sql.query<{
    companyName: string;
    slug: string;
    titleFr: string;
    titleEn: string;
    status: MediationStatus;
  }>(
    `SELECT c.name AS "companyName", m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn", m.status
     FROM company c JOIN mediation m ON m.company_id = c.id
     WHERE c.slug = $1 AND ${PUBLIC}
     ORDER BY m.registration_opened_at DESC NULLS LAST, m.slug`,
    [input.slug],
  );
  const [first] = mediations;
  if (!first) return null;
  const [counts] = await sql.query<PublicCompanyStatistics['counts']>(
    `WITH listed AS (
       SELECT m.id, m.company_invited_at, m.company_answer_due_at,
         (SELECT min(o.created_at) FROM offer o WHERE o.mediation_id = m.id) AS first_offer_at
       FROM company c JOIN mediation m ON m.company_id = c.id
       WHERE c.slug = $1 AND ${PUBLIC}
     )
     SELECT
       (SELECT count(*)::int FROM listed WHERE company_invited_at IS NOT NULL) AS invitations,
       (SELECT count(*)::int FROM listed
          WHERE company_invited_at IS NOT NULL AND first_offer_at <= company_answer_due_at) AS "answeredInTime",
       (SELECT count(*)::int FROM listed
          WHERE company_invited_at IS NOT NULL AND first_offer_at > company_answer_due_at) AS "answeredLate",
       (SELECT count(*)::int FROM offer o JOIN listed ON listed.id = o.mediation_id) AS offers,
       (SELECT count(*)::int FROM vote v JOIN offer o ON o.id = v.offer_id
          JOIN listed ON listed.id = o.mediation_id WHERE v.outcome = 'ACCEPTED') AS "acceptedOffers",
       (SELECT count(*)::int FROM payout p JOIN offer o ON o.id = p.offer_id
          JOIN listed ON listed.id = o.mediation_id WHERE p.status = 'CONFIRMED') AS "payoutsConfirmed"`,
    [input.slug],
  );
  return {
    slug: input.slug,
    name: first.companyName,
    mediations: mediations.map((m) => ({
      slug: m.slug,
      title: { fr: m.titleFr, en: m.titleEn },
      status: m.status,
    })),
    counts: counts ?? {
      invitations: 0,
      answeredInTime: 0,
      answeredLate: 0,
      offers: 0,
      acceptedOffers: 0,
      payoutsConfirmed: 0,
    },
  };
}

/** Read-only views for the web site's company pages; registered in core/queries.ts. */
export const companyStatisticsQueries = { publicCompanyStatistics };
