import type { MediationStatus, VoteBase, VoteOutcome } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { closingCodes } from '../mediations/closing.ts';

/**
 * What the public web site may show of a mediation (issue 14): only one a mediator marked public with
 * the parties' agreement (`newsPublicSince`, L612-3), and of it only what its public news already say —
 * titles, summaries, the rule, dates and counts. Never a person, a file, an amount, an offer's terms
 * (they are for the participants) or a mediator's free text other than the mediation's own description.
 */

type Texts = { fr: string; en: string };

export interface PublicRule {
  base: VoteBase;
  threshold: { numerator: number; denominator: number };
  quorum: { numerator: number; denominator: number };
}

export interface PublicMediationCard {
  slug: string;
  company: { slug: string; name: string };
  title: Texts;
  summary: Texts;
  goal: Texts;
  status: MediationStatus;
  rule: PublicRule;
  registrationOpenedAt: Date | null;
  registrationClosesAt: Date | null;
  endsBy: Date | null;
  /** Files received and not refused or withdrawn: the people the mediation speaks for. */
  participants: number;
}

export interface PublicVoteSummary {
  round: number;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  outcome: VoteOutcome | null;
  /** Counts, once the vote is closed: anonymous by construction. */
  electorate: number | null;
  accept: number | null;
  refuse: number | null;
  abstain: number | null;
}

export interface PublicMediationPage extends PublicMediationCard {
  companyInvitedAt: Date | null;
  companyAnswerDueAt: Date | null;
  openingNoticeAt: Date | null;
  adhesionClosesAt: Date | null;
  closedAt: Date | null;
  /** A code (`legal_deadline_passed`…) the site words, or null: a mediator's own words stay private. */
  closingReasonCode: string | null;
  offers: { round: number; at: Date }[];
  votes: PublicVoteSummary[];
  extensions: { at: Date; newEndsBy: Date }[];
  /** The news as written for the community channels, in order. */
  news: { at: Date; kind: string; payload: unknown }[];
}

/** The reasons the product itself gives when it ends a mediation: only those are shown. */
const closingReasonCodes: ReadonlySet<string> = new Set(Object.values(closingCodes));

const CARD_COLUMNS = `m.slug, m.status, m.vote_base AS "voteBase",
  m.threshold_numerator AS "thresholdNumerator", m.threshold_denominator AS "thresholdDenominator",
  m.quorum_numerator AS "quorumNumerator", m.quorum_denominator AS "quorumDenominator",
  m.title_fr AS "titleFr", m.title_en AS "titleEn", m.summary_fr AS "summaryFr", m.summary_en AS "summaryEn",
  m.goal_fr AS "goalFr", m.goal_en AS "goalEn",
  m.registration_opened_at AS "registrationOpenedAt", m.registration_closes_at AS "registrationClosesAt",
  m.ends_by AS "endsBy", c.slug AS "companySlug", c.name AS "companyName",
  (SELECT count(*)::int FROM participant p
     WHERE p.mediation_id = m.id AND p.status IN ('SUBMITTED', 'ADMITTED')) AS participants`;

type CardRow = {
  slug: string;
  status: MediationStatus;
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  goalFr: string;
  goalEn: string;
  registrationOpenedAt: Date | null;
  registrationClosesAt: Date | null;
  endsBy: Date | null;
  companySlug: string;
  companyName: string;
  participants: number;
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function cardOf(row: CardRow): PublicMediationCard {
  return {
    slug: row.slug,
    company: { slug: row.companySlug, name: row.companyName },
    title: { fr: row.titleFr, en: row.titleEn },
    summary: { fr: row.summaryFr, en: row.summaryEn },
    goal: { fr: row.goalFr, en: row.goalEn },
    status: row.status,
    rule: {
      base: row.voteBase,
      threshold: { numerator: row.thresholdNumerator, denominator: row.thresholdDenominator },
      quorum: { numerator: row.quorumNumerator, denominator: row.quorumDenominator },
    },
    registrationOpenedAt: date(row.registrationOpenedAt),
    registrationClosesAt: date(row.registrationClosesAt),
    endsBy: date(row.endsBy),
    participants: row.participants,
  };
}

/** The public mediations, newest first (the site groups them by status). */
export async function publicMediations(deps: CoreDeps): Promise<PublicMediationCard[]> {
  const rows = await deps.db.sql.query<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM mediation m JOIN company c ON c.id = m.company_id
     WHERE m.news_public_since IS NOT NULL AND m.status <> 'DRAFT'
     ORDER BY m.registration_opened_at DESC NULLS LAST, m.slug`,
  );
  return rows.map(cardOf);
}

/** One public mediation with its timeline, or null: a private one does not exist for the site. */
export async function publicMediation(
  deps: CoreDeps,
  input: { slug: string },
): Promise<PublicMediationPage | null> {
  const { sql } = deps.db;
  const [row] = await sql.query<
    CardRow & {
      id: string;
      newsPublicSince: Date;
      companyInvitedAt: Date | null;
      companyAnswerDueAt: Date | null;
      openingNoticeAt: Date | null;
      adhesionClosesAt: Date | null;
      closedAt: Date | null;
      closingReason: string | null;
    }
  >(
    `SELECT ${CARD_COLUMNS}, m.id, m.news_public_since AS "newsPublicSince",
       m.company_invited_at AS "companyInvitedAt", m.company_answer_due_at AS "companyAnswerDueAt",
       m.opening_notice_at AS "openingNoticeAt", m.adhesion_closes_at AS "adhesionClosesAt",
       m.closed_at AS "closedAt", m.closing_reason AS "closingReason"
     FROM mediation m JOIN company c ON c.id = m.company_id
     WHERE m.slug = $1 AND m.news_public_since IS NOT NULL AND m.status <> 'DRAFT'`,
    [input.slug],
  );
  if (!row) return null;
  const [offers, votes, extensions, news] = await Promise.all([
    sql.query<{ round: number; at: Date }>(
      `SELECT round, created_at AS at FROM offer WHERE mediation_id = $1::uuid ORDER BY round`,
      [row.id],
    ),
    sql.query<PublicVoteSummary>(
      `SELECT o.round, v.opens_at AS "opensAt", v.closes_at AS "closesAt", v.closed_at AS "closedAt",
         v.outcome, v.electorate_size AS electorate, v.accept_count AS accept,
         v.refuse_count AS refuse, v.abstain_count AS abstain
       FROM vote v JOIN offer o ON o.id = v.offer_id WHERE o.mediation_id = $1::uuid ORDER BY o.round`,
      [row.id],
    ),
    sql.query<{ at: Date; newEndsBy: Date }>(
      `SELECT created_at AS at, new_ends_by AS "newEndsBy" FROM mediation_extension
       WHERE mediation_id = $1::uuid ORDER BY created_at`,
      [row.id],
    ),
    // The news rows themselves (not their per-channel copies), written while the mediation was public.
    sql.query<{ at: Date; kind: string; payload: unknown }>(
      `SELECT created_at AS at, kind, payload FROM outbox_message
       WHERE audience = 'public' AND payload ->> 'platform' IS NULL
         AND payload -> 'refs' ->> 'mediationId' = $1 AND created_at >= $2
       ORDER BY created_at, id`,
      [row.id, row.newsPublicSince],
    ),
  ]);
  return {
    ...cardOf(row),
    companyInvitedAt: date(row.companyInvitedAt),
    companyAnswerDueAt: date(row.companyAnswerDueAt),
    openingNoticeAt: date(row.openingNoticeAt),
    adhesionClosesAt: date(row.adhesionClosesAt),
    closedAt: date(row.closedAt),
    closingReasonCode:
      row.closingReason !== null && closingReasonCodes.has(row.closingReason) ? row.closingReason : null,
    offers: offers.map((offer) => ({ round: offer.round, at: new Date(offer.at) })),
    votes: votes.map((vote) => ({
      ...vote,
      opensAt: new Date(vote.opensAt),
      closesAt: new Date(vote.closesAt),
      closedAt: date(vote.closedAt),
    })),
    extensions: extensions.map((e) => ({ at: new Date(e.at), newEndsBy: new Date(e.newEndsBy) })),
    news: news.map((item) => ({ ...item, at: new Date(item.at) })),
  };
}

/** Read-only views for the public web site; registered in core/queries.ts. */
export const publicQueries = { publicMediations, publicMediation };
