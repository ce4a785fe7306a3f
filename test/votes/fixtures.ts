import { randomUUID } from 'node:crypto';
import { DAY } from '../../core/clock/clock.ts';
import type { Database } from '../../core/db/connect.ts';
import type { VoteBase } from '../../core/db/generated/enums.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import type { TestCore } from '../support/core.ts';
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
  {
    admitted,
    voteBase = 'ELECTORATE' as VoteBase,
    newsPublic = false,
  }: {
    admitted: number;
    voteBase?: VoteBase;
    /** Marked public (L612-3), so that its votes are in the public news. */
    newsPublic?: boolean;
  },
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
      ...(newsPublic ? { newsPublicSince: now, newsPublicAgreement: 'Accord écrit des parties.' } : {}),
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

/**
 * A running vote on an offer to this person and two strangers, all three voted (Accepter, Refuser,
 * M'abstenir), and how to close it: what the published list's tests start from, on every platform.
 */
export async function votedByPerson(t: TestCore, personId: string) {
  const mediator = mediatorActor('U0MEDIATOR');
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 2 });
  await insertParticipant(t.db, fixture.mediationId, t.clock.now(), { personId });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { mediationId } = fixture;
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
  const voters = [personId, ...fixture.electors.map((elector) => elector.personId)];
  for (const [i, voter] of voters.entries()) {
    const choice = (['ACCEPT', 'REFUSE', 'ABSTAIN'] as const)[i] ?? 'ABSTAIN';
    unwrap(await t.core.castBallot(personActor(voter), { voteId, choice }));
  }
  return {
    ...fixture,
    voteId,
    /** Closes the vote at its deadline; returns its published list and the sha256 the close recorded. */
    async close() {
      t.clock.set(closesAt);
      unwrap(await t.core.closeVote(mediator, { voteId }));
      const list = await t.core.query.publishedReceipts({ voteId });
      const vote = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
      if (list === null || !vote.resultsSha256) throw new Error('the closed vote published no list');
      return { list, sha256: vote.resultsSha256 };
    },
  };
}
