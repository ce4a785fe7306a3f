import { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { companyNotice } from './company-notice.ts';
import {
  countOpenMediations,
  type MediationDetailsRow,
  selectMediationDetails,
  selectOpenMediations,
} from './mediation-reads.ts';
import { offerView } from './offer-terms.ts';
import { companies, mediationsOverview } from './overview.ts';
import { ruleCard } from './rule-profile.ts';
import { annualReport, mediationStatistics } from './statistics.ts';

const uuid = z.uuid();

/** Open mediations anyone may join, soonest registration deadline first, one page at a time. */
async function openMediations(
  deps: CoreDeps,
  input: { page?: number; pageSize?: number; locale?: 'fr' | 'en' } = {},
) {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(50, Math.max(1, Math.floor(input.pageSize ?? 10)));
  const en = input.locale === 'en';
  const rows = await selectOpenMediations(deps.db.sql, pageSize, (page - 1) * pageSize);
  // Past the last page no row carries the total: count apart.
  const total = rows[0]?.total ?? (page > 1 ? await countOpenMediations(deps.db.sql) : 0);
  return {
    page,
    pageSize,
    total,
    pages: Math.ceil(total / pageSize),
    items: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: en ? row.titleEn : row.titleFr,
      summary: en ? row.summaryEn : row.summaryFr,
      company: row.company,
      registrationClosesAt: row.registrationClosesAt,
      participants: row.participants,
    })),
  };
}

/** Everything a person or a mediator sees about one mediation, with its rule card (product.md §5). */
async function mediationDetails(deps: CoreDeps, input: { mediationId: string }) {
  if (!uuid.safeParse(input.mediationId).success) return null;
  const row = await selectMediationDetails(deps.db.sql, { id: input.mediationId });
  return row ? detailsView(row) : null;
}

/** The deep link `?start=<slug>` opens a mediation by its slug. */
async function mediationBySlug(deps: CoreDeps, input: { slug: string }) {
  const row = await selectMediationDetails(deps.db.sql, { slug: input.slug.trim().toLowerCase() });
  return row ? detailsView(row) : null;
}

function detailsView(row: MediationDetailsRow) {
  const { offer } = row;
  const runningVote = row.voteId !== null && row.voteClosedAt === null;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    company: { id: row.companyId, slug: row.companySlug, name: row.companyName },
    title: { fr: row.titleFr, en: row.titleEn },
    summary: { fr: row.summaryFr, en: row.summaryEn },
    goal: { fr: row.goalFr, en: row.goalEn },
    eligibilityQuestions: row.questions.map((question) => ({
      id: question.id,
      position: question.position,
      text: { fr: question.fr, en: question.en },
      requiredAnswer: question.requiredAnswer,
    })),
    participants: row.participants,
    registrationOpenedAt: row.registrationOpenedAt,
    registrationClosesAt: row.registrationClosesAt,
    openingNoticeAt: row.openingNoticeAt,
    endsBy: row.endsBy,
    companyInvitedAt: row.companyInvitedAt,
    companyAnswerDueAt: row.companyAnswerDueAt,
    adhesionClosesAt: row.adhesionClosesAt,
    closedAt: row.closedAt,
    closingReason: row.closingReason,
    companyNotifiedVia: row.companyNotifiedVia,
    /** The company's answer from its portal (issue 15), and when. */
    companyAnswer: row.companyAnswer && { answer: row.companyAnswer, at: row.companyAnsweredAt },
    /** L612-3: null while the mediation is confidential (no public news). */
    newsPublic: row.newsPublicSince && {
      since: row.newsPublicSince,
      partiesAgreement: row.newsPublicAgreement ?? '',
    },
    ruleCard: ruleCard(row, {
      round: offer?.round ?? null,
      voteClosesAt: runningVote ? row.voteClosesAt : null,
    }),
    currentOffer: offer && {
      ...offerView(offer),
      // A JSON date (json_build_object): a Date again here.
      validUntil: offer.validUntil ? new Date(offer.validUntil) : null,
      byCompany: offer.recordedBy.startsWith('company:'),
      status: offer.status,
      voteId: row.voteId,
    },
    extensions: row.extensions.map((extension) => ({
      days: extension.days,
      reason: extension.reason,
      previousEndsBy: new Date(extension.previousEndsBy),
      newEndsBy: new Date(extension.newEndsBy),
      at: new Date(extension.at),
    })),
  };
}

/**
 * The audit entries of one mediation, newest first. Details hold ids, statuses and counts only.
 * `position` is the entry's place in its chain: the mediation's own, or the shared log for entries
 * written before there was one chain per mediation (`inSharedLog`). Numbered so, they follow each other
 * without gaps, where the global `seq` skips numbers (other mediations, rolled-back transactions).
 */
async function auditLog(deps: CoreDeps, input: { mediationId: string; limit?: number }) {
  if (!uuid.safeParse(input.mediationId).success) return [];
  const limit = Math.min(500, Math.max(1, Math.floor(input.limit ?? 50)));
  const entries = await deps.db.prisma.auditEntry.findMany({
    where: { mediationId: input.mediationId },
    orderBy: { seq: 'desc' },
    take: limit,
  });
  return entries.map((entry) => ({
    seq: entry.seq.toString(),
    position: entry.position.toString(),
    inSharedLog: entry.chain !== input.mediationId,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subjectId: entry.subjectId,
    details: entry.details as Record<string, string | number | boolean | null>,
  }));
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const mediationsQueries = {
  openMediations,
  mediationDetails,
  mediationBySlug,
  mediationStatistics,
  annualReport,
  auditLog,
  mediationsOverview,
  companies,
  companyNotice,
};
