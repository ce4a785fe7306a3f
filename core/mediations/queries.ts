import { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { offerView } from './offer-terms.ts';
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
  const where = { status: 'OPEN' as const };
  const [total, rows] = await Promise.all([
    deps.db.prisma.mediation.count({ where }),
    deps.db.prisma.mediation.findMany({
      where,
      orderBy: [{ registrationClosesAt: 'asc' }, { slug: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { company: { select: { name: true } } },
    }),
  ]);
  const counts = await participantCounts(
    deps,
    rows.map((row) => row.id),
  );
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
      company: row.company.name,
      registrationClosesAt: row.registrationClosesAt,
      participants: counts.get(row.id) ?? 0,
    })),
  };
}

/** Participants who joined (file submitted or admitted), per mediation, counted by the database. */
async function participantCounts(deps: CoreDeps, mediationIds: string[]): Promise<Map<string, number>> {
  if (mediationIds.length === 0) return new Map();
  const groups = await deps.db.prisma.participant.groupBy({
    by: ['mediationId'],
    where: { mediationId: { in: mediationIds }, status: { in: ['SUBMITTED', 'ADMITTED'] } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.mediationId, group._count._all]));
}

/** Everything a person or a mediator sees about one mediation, with its rule card (product.md §5). */
async function mediationDetails(deps: CoreDeps, input: { mediationId: string }) {
  if (!uuid.safeParse(input.mediationId).success) return null;
  const mediation = await deps.db.prisma.mediation.findUnique({
    where: { id: input.mediationId },
    include: {
      company: { select: { id: true, slug: true, name: true } },
      eligibilityQuestions: { orderBy: { position: 'asc' } },
      extensions: { orderBy: { createdAt: 'asc' } },
      offers: {
        where: { status: { not: 'VOIDED' } },
        orderBy: { round: 'desc' },
        take: 1,
        include: { vote: true },
      },
    },
  });
  if (!mediation) return null;
  const offer = mediation.offers[0] ?? null;
  const runningVote = offer?.vote && !offer.vote.closedAt ? offer.vote : null;
  const participants = (await participantCounts(deps, [mediation.id])).get(mediation.id) ?? 0;
  return {
    id: mediation.id,
    slug: mediation.slug,
    status: mediation.status,
    company: mediation.company,
    title: { fr: mediation.titleFr, en: mediation.titleEn },
    summary: { fr: mediation.summaryFr, en: mediation.summaryEn },
    goal: { fr: mediation.goalFr, en: mediation.goalEn },
    eligibilityQuestions: mediation.eligibilityQuestions.map((question) => ({
      id: question.id,
      position: question.position,
      text: { fr: question.textFr, en: question.textEn },
      requiredAnswer: question.requiredAnswer,
    })),
    participants,
    registrationOpenedAt: mediation.registrationOpenedAt,
    registrationClosesAt: mediation.registrationClosesAt,
    openingNoticeAt: mediation.openingNoticeAt,
    endsBy: mediation.endsBy,
    companyInvitedAt: mediation.companyInvitedAt,
    companyAnswerDueAt: mediation.companyAnswerDueAt,
    adhesionClosesAt: mediation.adhesionClosesAt,
    closedAt: mediation.closedAt,
    closingReason: mediation.closingReason,
    ruleCard: ruleCard(mediation, {
      round: offer?.round ?? null,
      voteClosesAt: runningVote?.closesAt ?? null,
    }),
    currentOffer: offer && { ...offerView(offer), status: offer.status, voteId: offer.vote?.id ?? null },
    extensions: mediation.extensions.map((extension) => ({
      days: extension.days,
      reason: extension.reason,
      previousEndsBy: extension.previousEndsBy,
      newEndsBy: extension.newEndsBy,
      at: extension.createdAt,
    })),
  };
}

/** The deep link `?start=<slug>` opens a mediation by its slug. */
async function mediationBySlug(deps: CoreDeps, input: { slug: string }) {
  const mediation = await deps.db.prisma.mediation.findUnique({
    where: { slug: input.slug.trim().toLowerCase() },
    select: { id: true },
  });
  return mediation ? mediationDetails(deps, { mediationId: mediation.id }) : null;
}

/** The audit entries of one mediation, newest first. Details hold ids, statuses and counts only. */
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
};
