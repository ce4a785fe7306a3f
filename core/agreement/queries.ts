import { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { offerView } from '../mediations/offer-terms.ts';
import { PAYOUT_REMINDER_AFTER } from './agreement.ts';

const uuid = z.uuid();

/**
 * What one participant sees of the agreement: the accepted offer, their own decision and their payout.
 * Null when they are not a participant of this mediation or no offer was accepted.
 */
async function myAgreement(deps: CoreDeps, input: { personId: string; mediationId: string }) {
  if (!uuid.safeParse(input.personId).success || !uuid.safeParse(input.mediationId).success) return null;
  const { prisma } = deps.db;
  const participant = await prisma.participant.findUnique({
    where: { mediationId_personId: { mediationId: input.mediationId, personId: input.personId } },
    include: { mediation: { select: { status: true, adhesionClosesAt: true } } },
  });
  const offer = await prisma.offer.findFirst({
    where: { mediationId: input.mediationId, status: 'ACCEPTED' },
    orderBy: { round: 'desc' },
  });
  if (!participant || !offer) return null;
  const [adhesion, payout] = await Promise.all([
    prisma.adhesion.findUnique({
      where: { offerId_participantId: { offerId: offer.id, participantId: participant.id } },
    }),
    prisma.payout.findUnique({
      where: { offerId_participantId: { offerId: offer.id, participantId: participant.id } },
    }),
  ]);
  return {
    mediationStatus: participant.mediation.status,
    participantStatus: participant.status,
    adhesionClosesAt: participant.mediation.adhesionClosesAt,
    offer: offerView(offer),
    decision: adhesion?.decision ?? null,
    payout: payout && {
      id: payout.id,
      amountCents: payout.amountCents,
      status: payout.status,
      sentAt: payout.sentAt,
      confirmedAt: payout.confirmedAt,
    },
  };
}

/** For the mediators: where the adhesion stands, counted by the database. */
async function adhesionSummary(deps: CoreDeps, input: { mediationId: string }) {
  if (!uuid.safeParse(input.mediationId).success) return null;
  const { prisma } = deps.db;
  const offer = await prisma.offer.findFirst({
    where: { mediationId: input.mediationId, status: 'ACCEPTED' },
    orderBy: { round: 'desc' },
    include: { mediation: { select: { adhesionClosesAt: true, status: true } } },
  });
  if (!offer) return null;
  const [row] = await prisma.$queryRaw<{ admitted: number; adhered: number; declined: number }[]>`
    SELECT
      (SELECT count(*)::int FROM participant WHERE mediation_id = ${input.mediationId}::uuid AND status = 'ADMITTED') AS admitted,
      (SELECT count(*)::int FROM adhesion a JOIN participant p ON p.id = a.participant_id
        WHERE a.offer_id = ${offer.id}::uuid AND a.decision = 'ADHERED' AND p.status = 'ADMITTED') AS adhered,
      (SELECT count(*)::int FROM adhesion a JOIN participant p ON p.id = a.participant_id
        WHERE a.offer_id = ${offer.id}::uuid AND a.decision = 'DECLINED' AND p.status = 'ADMITTED') AS declined`;
  const counts = row ?? { admitted: 0, adhered: 0, declined: 0 };
  return {
    offerId: offer.id,
    status: offer.mediation.status,
    closesAt: offer.mediation.adhesionClosesAt,
    minAdhesions: offer.minAdhesions,
    adhered: counts.adhered,
    declined: counts.declined,
    undecided: Math.max(0, counts.admitted - counts.adhered - counts.declined),
  };
}

/** For the mediators: every payout of the agreement, problems and their notes first. */
async function payoutList(deps: CoreDeps, input: { mediationId: string }) {
  if (!uuid.safeParse(input.mediationId).success) return [];
  const payouts = await deps.db.prisma.payout.findMany({
    where: { offer: { mediationId: input.mediationId } },
    orderBy: { id: 'asc' },
  });
  const order = { PROBLEM: 0, PENDING: 1, SENT: 2, CONFIRMED: 3 } as const;
  return payouts
    .sort((a, b) => order[a.status] - order[b.status])
    .map((payout) => ({
      id: payout.id,
      participantId: payout.participantId,
      amountCents: payout.amountCents,
      status: payout.status,
      sentAt: payout.sentAt,
      confirmedAt: payout.confirmedAt,
      problemAt: payout.problemAt,
      problemNote: payout.problemNote,
    }));
}

/**
 * For the mediators' dashboard: the payouts that need them, across every mediation being executed —
 * a problem an adherent reported, or a payout sent a week ago and still not confirmed. Oldest first.
 */
async function payoutsToFollow(deps: CoreDeps) {
  const weekAgo = new Date(deps.clock.now().getTime() - PAYOUT_REMINDER_AFTER);
  return deps.db.sql.query<{
    payoutId: string;
    participantId: string;
    mediationId: string;
    slug: string;
    titleFr: string;
    titleEn: string;
    amountCents: number;
    status: 'SENT' | 'PROBLEM';
    sentAt: Date | null;
    problemAt: Date | null;
  }>(
    `SELECT pay.id AS "payoutId", pay.participant_id AS "participantId", m.id AS "mediationId", m.slug,
       m.title_fr AS "titleFr", m.title_en AS "titleEn", pay.amount_cents AS "amountCents",
       pay.status::text AS status, pay.sent_at AS "sentAt", pay.problem_at AS "problemAt"
     FROM payout pay JOIN offer o ON o.id = pay.offer_id JOIN mediation m ON m.id = o.mediation_id
     WHERE m.status = 'EXECUTION'
       AND (pay.status = 'PROBLEM' OR (pay.status = 'SENT' AND pay.sent_at <= $1))
     ORDER BY coalesce(pay.problem_at, pay.sent_at), pay.id
     LIMIT 200`,
    [weekAgo],
  );
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const agreementQueries = { myAgreement, adhesionSummary, payoutList, payoutsToFollow };
