import type { CompanyAnswer, MediationStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { fileReference } from '../references/short-id.ts';

/**
 * What the company's portal reads (issue 15). A session names one mediation: every view here is of that
 * mediation alone, and of it only what the company may see — counts, amounts and dates of files under a
 * pseudonymous reference, never a name, a chat id or a complaint's words.
 */

export interface CompanySessionView {
  mediationId: string;
  companyId: string;
  slug: string;
}

/** The session a cookie's hash opens, while it lasts; null otherwise (the portal asks for the link again). */
async function companySession(
  deps: CoreDeps,
  input: { tokenHash: string },
): Promise<CompanySessionView | null> {
  const [row] = await deps.db.sql.query<CompanySessionView>(
    `SELECT s.mediation_id AS "mediationId", m.company_id AS "companyId", m.slug
     FROM company_session s JOIN mediation m ON m.id = s.mediation_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [input.tokenHash, deps.clock.now()],
  );
  return row ?? null;
}

export interface CompanyOffer {
  round: number;
  status: string;
  terms: { fr: string; en: string };
  compensationKind: string;
  fixedCents: number | null;
  percentBasisPoints: number | null;
  capCents: number | null;
  minAdhesions: number | null;
  validUntil: Date | null;
  vote: {
    closesAt: Date;
    closedAt: Date | null;
    outcome: string | null;
    electorate: number | null;
    accept: number | null;
    refuse: number | null;
    abstain: number | null;
  } | null;
}

type OfferVote = NonNullable<CompanyOffer['vote']>;

export interface CompanyFile {
  mediation: {
    slug: string;
    title: { fr: string; en: string };
    status: MediationStatus;
    companyName: string;
    invitedAt: Date | null;
    answerDueAt: Date | null;
    answer: CompanyAnswer | null;
    answeredAt: Date | null;
    endsBy: Date | null;
    /** The mediators' comment on the offer they last sent back, until the next one is presented. */
    offerReturned: { comment: string; at: Date } | null;
  };
  /** The offers by round, with the result of each vote: counts only, never a person. */
  offers: CompanyOffer[];
  /** The admitted files: what the company is asked to answer. */
  files: {
    reference: string;
    amountCents: number | null;
    problemDate: Date | null;
    complaintDate: Date | null;
    /** The complaint's words, only when its author chose to show them to the company. */
    description: string | null;
  }[];
  amounts: {
    totalCents: number;
    minCents: number | null;
    medianCents: number | null;
    maxCents: number | null;
  };
  problemDates: { first: Date | null; last: Date | null };
  /** Each eligibility question, with how many admitted files answered yes and no. */
  questions: { text: { fr: string; en: string }; yes: number; no: number }[];
}

/** The pseudonymised file of the mediation a session was opened for. */
async function companyFile(deps: CoreDeps, input: { mediationId: string }): Promise<CompanyFile | null> {
  const { sql } = deps.db;
  const [m] = await sql.query<
    Omit<CompanyFile['mediation'], 'offerReturned'> & {
      titleFr: string;
      titleEn: string;
      returnedComment: string | null;
      returnedAt: Date | null;
    }
  >(
    `SELECT m.slug, m.title_fr AS "titleFr", m.title_en AS "titleEn", m.status, c.name AS "companyName",
       m.company_invited_at AS "invitedAt", m.company_answer_due_at AS "answerDueAt",
       m.company_answer AS answer, m.company_answered_at AS "answeredAt", m.ends_by AS "endsBy",
       m.offer_returned_comment AS "returnedComment", m.offer_returned_at AS "returnedAt"
     FROM mediation m JOIN company c ON c.id = m.company_id WHERE m.id = $1::uuid`,
    [input.mediationId],
  );
  if (!m) return null;
  const [files, questions, offers] = await Promise.all([
    sql.query<{
      id: string;
      amountCents: number | null;
      problemDate: Date | null;
      complaintDate: Date | null;
      description: string | null;
    }>(
      `SELECT id, amount_cents AS "amountCents", problem_date AS "problemDate",
         prior_complaint_date AS "complaintDate",
         -- The complaint's words only when its author chose to show them to the company.
         CASE WHEN description_shared_at IS NOT NULL THEN description END AS description
       FROM participant WHERE mediation_id = $1::uuid AND status = 'ADMITTED' ORDER BY id`,
      [input.mediationId],
    ),
    sql.query<{ textFr: string; textEn: string; yes: number; no: number }>(
      `SELECT q.text_fr AS "textFr", q.text_en AS "textEn",
         count(*) FILTER (WHERE a.answer)::int AS yes, count(*) FILTER (WHERE NOT a.answer)::int AS no
       FROM eligibility_question q
       LEFT JOIN eligibility_answer a ON a.question_id = q.id
         AND a.participant_id IN (SELECT id FROM participant WHERE mediation_id = $1::uuid AND status = 'ADMITTED')
       WHERE q.mediation_id = $1::uuid GROUP BY q.id ORDER BY q.position`,
      [input.mediationId],
    ),
    sql.query<
      Omit<CompanyOffer, 'terms' | 'vote'> & { termsFr: string; termsEn: string } & {
        [Key in keyof OfferVote]: OfferVote[Key] | null;
      }
    >(
      `SELECT o.round, o.status, o.terms_fr AS "termsFr", o.terms_en AS "termsEn",
         o.compensation_kind AS "compensationKind", o.fixed_cents AS "fixedCents",
         o.percent_basis_points AS "percentBasisPoints", o.cap_cents AS "capCents",
         o.min_adhesions AS "minAdhesions", o.valid_until AS "validUntil",
         v.closes_at AS "closesAt", v.closed_at AS "closedAt", v.outcome,
         v.electorate_size AS electorate, v.accept_count AS accept, v.refuse_count AS refuse,
         v.abstain_count AS abstain
       FROM offer o LEFT JOIN vote v ON v.offer_id = o.id
       WHERE o.mediation_id = $1::uuid ORDER BY o.round`,
      [input.mediationId],
    ),
  ]);
  const amounts = files
    .flatMap((file) => (file.amountCents === null ? [] : [file.amountCents]))
    .sort((a, b) => a - b);
  const dates = files.flatMap((file) => (file.problemDate ? [new Date(file.problemDate).getTime()] : []));
  const date = (value: Date | null) => (value === null ? null : new Date(value));
  return {
    mediation: {
      slug: m.slug,
      title: { fr: m.titleFr, en: m.titleEn },
      status: m.status,
      companyName: m.companyName,
      invitedAt: date(m.invitedAt),
      answerDueAt: date(m.answerDueAt),
      answer: m.answer,
      answeredAt: date(m.answeredAt),
      endsBy: date(m.endsBy),
      offerReturned:
        m.returnedComment && m.returnedAt ? { comment: m.returnedComment, at: new Date(m.returnedAt) } : null,
    },
    offers: offers.map((o) => ({
      round: o.round,
      status: o.status,
      terms: { fr: o.termsFr, en: o.termsEn },
      compensationKind: o.compensationKind,
      fixedCents: o.fixedCents,
      percentBasisPoints: o.percentBasisPoints,
      capCents: o.capCents,
      minAdhesions: o.minAdhesions,
      validUntil: date(o.validUntil),
      vote: o.closesAt
        ? {
            closesAt: new Date(o.closesAt),
            closedAt: date(o.closedAt),
            outcome: o.outcome,
            // Counts once the vote is closed, as everyone sees them; nothing while it runs.
            electorate: o.closedAt ? o.electorate : null,
            accept: o.closedAt ? o.accept : null,
            refuse: o.closedAt ? o.refuse : null,
            abstain: o.closedAt ? o.abstain : null,
          }
        : null,
    })),
    files: files.map((file) => ({
      reference: fileReference(file.id),
      amountCents: file.amountCents,
      problemDate: date(file.problemDate),
      complaintDate: date(file.complaintDate),
      description: file.description,
    })),
    amounts: {
      totalCents: amounts.reduce((sum, cents) => sum + cents, 0),
      minCents: amounts[0] ?? null,
      medianCents: amounts.length === 0 ? null : (amounts[Math.floor((amounts.length - 1) / 2)] ?? null),
      maxCents: amounts.at(-1) ?? null,
    },
    problemDates: {
      first: dates.length === 0 ? null : new Date(dates.reduce((a, b) => Math.min(a, b))),
      last: dates.length === 0 ? null : new Date(dates.reduce((a, b) => Math.max(a, b))),
    },
    questions: questions.map((q) => ({ text: { fr: q.textFr, en: q.textEn }, yes: q.yes, no: q.no })),
  };
}

export interface CompanyPayout {
  reference: string;
  amountCents: number;
  status: 'PENDING' | 'SENT' | 'CONFIRMED' | 'PROBLEM';
  sentAt: Date | null;
  confirmedAt: Date | null;
  /** A proof of transfer was attached when it was marked sent (only the mediators read it). */
  proofAttached: boolean;
}

/**
 * The payouts the accepted offer owes, under the files' references (issue 15): the amount due to each
 * adherent, and whether it was sent and its receipt confirmed. Who the adherent is, the company never sees.
 */
async function companyPayouts(deps: CoreDeps, input: { mediationId: string }): Promise<CompanyPayout[]> {
  const rows = await deps.db.sql.query<Omit<CompanyPayout, 'reference'> & { participantId: string }>(
    `SELECT p.participant_id AS "participantId", p.amount_cents AS "amountCents", p.status,
       p.sent_at AS "sentAt", p.confirmed_at AS "confirmedAt", p.proof_id IS NOT NULL AS "proofAttached"
     FROM payout p JOIN offer o ON o.id = p.offer_id
     WHERE o.mediation_id = $1::uuid ORDER BY p.participant_id`,
    [input.mediationId],
  );
  return rows.map(({ participantId, ...payout }) => ({
    ...payout,
    reference: fileReference(participantId),
    sentAt: payout.sentAt && new Date(payout.sentAt),
    confirmedAt: payout.confirmedAt && new Date(payout.confirmedAt),
  }));
}

export const companyQueries = { companySession, companyFile, companyPayouts };
