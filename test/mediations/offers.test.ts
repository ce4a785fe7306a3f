import { describe, expect, it } from 'vitest';
import { companyActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import {
  endVote,
  expectRefused,
  fixedOffer,
  inNegotiation,
  mediationRow,
  mediator,
  outbox,
  percentOffer,
  startVote,
  timerOf,
} from './fixtures.ts';

const t = useTestCore({ checkAuditChain: true });

describe('recording the company offer', () => {
  it('records round 1 in integers and stops the company-silence clock', async () => {
    const { mediationId } = await inNegotiation(t);
    const { offerId, round } = unwrap(
      await t.core.recordOffer(mediator, { mediationId, ...percentOffer(3_333, 20_000, 2) }),
    );
    expect(round).toBe(1);
    expect(await t.db.prisma.offer.findUniqueOrThrow({ where: { id: offerId } })).toMatchObject({
      round: 1,
      status: 'PROPOSED',
      compensationKind: 'PERCENT',
      percentBasisPoints: 3_333,
      capCents: 20_000,
      fixedCents: null,
      minAdhesions: 2,
      recordedBy: 'mediator:U0MEDIATOR',
    });
    expect((await timerOf(t, 'companyAnswerDue', mediationId))?.cancelledAt).toEqual(t.clock.now());
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { subjectId: offerId } });
    expect(audit).toMatchObject({
      action: 'offer.recorded',
      details: { round: 1, compensationKind: 'PERCENT', minAdhesions: 2 },
    });
  });

  it('refuses bad compensation rules', async () => {
    const { mediationId } = await inNegotiation(t);
    for (const compensation of [
      { kind: 'PERCENT', basisPoints: 0 },
      { kind: 'PERCENT', basisPoints: 10_001 },
      { kind: 'FIXED', fixedCents: 0 },
      { kind: 'FIXED', fixedCents: 12.5 },
      { kind: 'GIFT', fixedCents: 100 },
    ]) {
      const result = await t.core.recordOffer(mediator, {
        mediationId,
        terms: fixedOffer().terms,
        compensation,
      } as never);
      expectRefused(result, 'INVALID_INPUT');
    }
    expect(await t.db.prisma.offer.count({ where: { mediationId } })).toBe(0);
  });

  it('refuses a second offer while one is waiting for its vote', async () => {
    const { mediationId } = await inNegotiation(t);
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    expectRefused(
      await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(6_000) }),
      'RULE_VIOLATION',
      'mediations:errors.offerAlreadyOnTable',
    );
  });

  it('allows a new round after each rejection, three rounds at most', async () => {
    const { mediationId, members } = await inNegotiation(t);
    const { companyId } = await mediationRow(t, mediationId);
    const company = companyActor(companyId, mediationId);
    for (const round of [1, 2, 3]) {
      // The second round's offer comes from the company's portal: the same rounds, the same limit.
      const recorded = unwrap(
        await t.core.recordOffer(round === 2 ? company : mediator, {
          mediationId,
          ...fixedOffer(1_000 * round),
        }),
      );
      expect(recorded.round).toBe(round);
      expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
      const voteId = await startVote(t, mediationId, recorded.offerId, members);
      await endVote(t, mediationId, recorded.offerId, voteId, 'REJECTED');
    }
    const fourth = await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(9_000) });
    expectRefused(fourth, 'RULE_VIOLATION', 'mediations:errors.noRoundLeft');
    expect(fourth.ok ? null : fourth.error.params).toEqual({ count: 3 });
    const fromCompany = await t.core.recordOffer(company, { mediationId, ...fixedOffer(9_000) });
    expectRefused(fromCompany, 'RULE_VIOLATION', 'mediations:errors.noRoundLeftForCompany');
    expect((await mediationRow(t, mediationId)).status).toBe('REJECTED');
    expect(await t.db.prisma.offer.count({ where: { mediationId } })).toBe(3);
    // What is left: closing the mediation as failed.
    unwrap(
      await t.core.closeMediationAsFailed(mediator, {
        mediationId,
        reason: 'Aucune offre acceptable après trois tours',
      }),
    );
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'Aucune offre acceptable après trois tours',
      closedAt: t.clock.now(),
    });
  });

  it('refuses an offer outside negotiation', async () => {
    const { mediationId, members } = await inNegotiation(t);
    const { offerId } = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    await startVote(t, mediationId, offerId, members);
    expectRefused(
      await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }),
      'ILLEGAL_TRANSITION',
      'mediations:errors.noOfferNow',
    );
  });
});

describe('replacing a live offer', () => {
  it('voids a proposed offer and records the new terms as the next round', async () => {
    const { mediationId } = await inNegotiation(t);
    const first = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(5_000) }));
    const second = unwrap(await t.core.replaceOffer(mediator, { mediationId, ...fixedOffer(7_500) }));
    expect(second).toMatchObject({ round: 2, voidedOfferId: first.offerId });
    const offers = await t.db.prisma.offer.findMany({ where: { mediationId }, orderBy: { round: 'asc' } });
    expect(offers.map((o) => [o.round, o.status, o.fixedCents])).toEqual([
      [1, 'VOIDED', 5_000],
      [2, 'PROPOSED', 7_500],
    ]);
  });

  it('voids the running vote too, and the mediation goes back to negotiation', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 3 });
    const first = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(5_000) }));
    const voteId = await startVote(t, mediationId, first.offerId, members);
    await t.db.prisma.timer.create({
      data: { kind: 'voteClose', subjectId: voteId, dueAt: new Date(t.clock.now().getTime() + 1000) },
    });
    const second = unwrap(await t.core.replaceOffer(mediator, { mediationId, ...percentOffer(5_000) }));
    expect(second.round).toBe(2);
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
    expect(await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).toMatchObject({
      outcome: 'VOIDED',
      closedAt: t.clock.now(),
    });
    expect((await timerOf(t, 'voteClose', voteId))?.cancelledAt).toEqual(t.clock.now());
    expect((await t.db.prisma.offer.findUniqueOrThrow({ where: { id: first.offerId } })).status).toBe(
      'VOIDED',
    );
    // The electors learn that the vote they were asked to cast is void.
    expect(await outbox(t, { kind: 'voteCancelled' })).toHaveLength(3);
    const actions = (
      await t.db.prisma.auditEntry.findMany({ where: { mediationId }, orderBy: { seq: 'asc' } })
    ).map((e) => e.action);
    expect(actions.slice(-4)).toEqual(['vote.voided', 'mediation.status', 'offer.voided', 'offer.recorded']);
  });

  it('cannot replace into a fourth round, nor without a live offer', async () => {
    const { mediationId } = await inNegotiation(t);
    expectRefused(
      await t.core.replaceOffer(mediator, { mediationId, ...fixedOffer() }),
      'RULE_VIOLATION',
      'mediations:errors.noOfferToReplace',
    );
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(1_000) }));
    unwrap(await t.core.replaceOffer(mediator, { mediationId, ...fixedOffer(2_000) }));
    unwrap(await t.core.replaceOffer(mediator, { mediationId, ...fixedOffer(3_000) }));
    const before = await t.db.prisma.offer.findMany({ where: { mediationId }, orderBy: { round: 'asc' } });
    expectRefused(
      await t.core.replaceOffer(mediator, { mediationId, ...fixedOffer(4_000) }),
      'RULE_VIOLATION',
      'mediations:errors.noRoundLeft',
    );
    expect(await t.db.prisma.offer.findMany({ where: { mediationId }, orderBy: { round: 'asc' } })).toEqual(
      before,
    );
  });
});
