import { randomUUID } from 'node:crypto';
import { DAY } from '../../core/clock/clock.ts';
import type { Database } from '../../core/db/connect.ts';
import type { VoteBase } from '../../core/db/generated/enums.ts';
import { insertParticipant } from '../support/participants.ts';

export interface NegotiationFixture {
  mediationId: string;
  offerId: string;
  /** Admitted participants, in order: personId and participantId. */
  electors: { personId: string; participantId: string }[];
}

/**
 * A mediation in NEGOTIATION with a proposed offer and `admitted` admitted participants, written
 * directly with Prisma so vote tests do not depend on the whole joining journey.
 */
export async function negotiationWithOffer(
  db: Database,
  now: Date,
  { admitted, voteBase = 'ELECTORATE' as VoteBase }: { admitted: number; voteBase?: VoteBase },
): Promise<NegotiationFixture> {
  const tag = randomUUID().slice(0, 8);
  const company = await db.prisma.company.create({ data: { slug: `co-${tag}`, name: `Company ${tag}` } });
  const mediation = await db.prisma.mediation.create({
    data: {
      slug: `case-${tag}`,
      companyId: company.id,
      titleFr: 'Frais supplémentaires',
      titleEn: 'Extra fees',
      summaryFr: 'Résumé',
      summaryEn: 'Summary',
      goalFr: 'Objectif',
      goalEn: 'Goal',
      status: 'NEGOTIATION',
      voteBase,
      openingNoticeAt: now,
      endsBy: new Date(now.getTime() + 90 * DAY),
      createdBy: 'mediator:test',
    },
  });
  const offer = await db.prisma.offer.create({
    data: {
      mediationId: mediation.id,
      round: 1,
      termsFr: 'Remboursement de 50 €',
      termsEn: 'Refund of €50',
      compensationKind: 'FIXED',
      fixedCents: 5000,
      recordedBy: 'mediator:test',
    },
  });
  const electors: NegotiationFixture['electors'] = [];
  for (let i = 0; i < admitted; i++) electors.push(await addParticipant(db, mediation.id, now, 'ADMITTED'));
  return { mediationId: mediation.id, offerId: offer.id, electors };
}

export function addParticipant(
  db: Database,
  mediationId: string,
  now: Date,
  status: 'ADMITTED' | 'SUBMITTED' = 'ADMITTED',
) {
  return insertParticipant(db, mediationId, now, { status });
}
