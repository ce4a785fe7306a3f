import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import {
  acceptedMediation,
  addParticipant,
  expectEveryNotificationRenders,
  expectRefused,
  fireTimers,
  mediationRow,
  mediator,
  nth,
  outbox,
  percentOffer,
  timerOf,
} from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore({ checkAuditChain: true });

const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY);

describe('opening the adhesion', () => {
  it('asks every elector still admitted to sign, and sets the closing clock', async () => {
    const accepted = await acceptedMediation(t, { admitted: 3 });
    const { mediationId, offerId, members } = accepted;
    // One elector withdrew after the vote; a late file was never an elector.
    await t.db.prisma.participant.update({
      where: { id: nth(members, 2).participantId },
      data: { status: 'WITHDRAWN', withdrawnAt: t.clock.now() },
    });
    const late = await addParticipant(t, mediationId, { status: 'SUBMITTED' });
    const closesAt = inDays(7);
    const opened = unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: closesAt }));
    expect(opened).toMatchObject({ offerId, asked: 2 });
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'ADHESION',
      adhesionClosesAt: closesAt,
    });
    expect(await timerOf(t, 'adhesionClose', offerId)).toMatchObject({ dueAt: closesAt, firedAt: null });
    const asked = await outbox(t, { kind: 'adhesionRequested' });
    const keys = asked
      .filter((n) => n.dedupKey.startsWith(`adhesionRequested:${offerId}:`))
      .map((n) => n.dedupKey)
      .sort();
    expect(keys).toEqual(
      [nth(members, 0), nth(members, 1)].map((m) => `adhesionRequested:${offerId}:${m.participantId}`).sort(),
    );
    expect(asked.some((n) => n.personId === late.personId)).toBe(false);
    await expectEveryNotificationRenders(t);
  });

  it('needs at least a day to decide', async () => {
    const { mediationId } = await acceptedMediation(t);
    const result = await t.core.openAdhesion(mediator, {
      mediationId,
      adhesionClosesAt: new Date(t.clock.now().getTime() + 23 * HOUR),
    });
    expectRefused(result, 'INVALID_INPUT', 'agreement:errors.adhesionWindowTooShort');
    expect((await mediationRow(t, mediationId)).status).toBe('ACCEPTED');
  });
});

describe('deciding', () => {
  it('lets an admitted participant adhere, change their mind, and repeat without effect', async () => {
    const { mediationId, offerId, members } = await acceptedMediation(t, { admitted: 2 });
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: inDays(3) }));
    const me = personActor(nth(members, 0).personId);
    const key = { offerId_participantId: { offerId, participantId: nth(members, 0).participantId } };

    expect(unwrap(await t.core.decideAdhesion(me, { mediationId, decision: 'ADHERED' }))).toMatchObject({
      changed: true,
    });
    expect((await t.db.prisma.adhesion.findUniqueOrThrow({ where: key })).decision).toBe('ADHERED');
    const auditCount = await t.db.prisma.auditEntry.count({ where: { action: 'adhesion.decided' } });
    expect(unwrap(await t.core.decideAdhesion(me, { mediationId, decision: 'ADHERED' }))).toMatchObject({
      changed: false,
    });
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'adhesion.decided' } })).toBe(auditCount);
    t.clock.advance(HOUR);
    unwrap(await t.core.decideAdhesion(me, { mediationId, decision: 'DECLINED' }));
    expect(await t.db.prisma.adhesion.findUniqueOrThrow({ where: key })).toMatchObject({
      decision: 'DECLINED',
      decidedAt: t.clock.now(),
    });
    const last = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'adhesion.decided' },
      orderBy: { seq: 'desc' },
    });
    expect(last.details).toEqual({ offerId, decision: 'DECLINED', previous: 'ADHERED' });
    expect(last.actor).toBe(`person:${nth(members, 0).personId}`);

    const mine = await t.core.query.myAgreement({ personId: nth(members, 0).personId, mediationId });
    expect(mine).toMatchObject({ decision: 'DECLINED', payout: null, offer: { id: offerId } });
  });

  it('is only for admitted participants of that mediation, and only while the window is open', async () => {
    const { mediationId, members } = await acceptedMediation(t, { admitted: 2 });
    const stranger = await t.db.prisma.person.create({ data: {} });
    const pending = await addParticipant(t, mediationId, { status: 'SUBMITTED' });
    // Not open yet.
    expectRefused(
      await t.core.decideAdhesion(personActor(nth(members, 0).personId), {
        mediationId,
        decision: 'ADHERED',
      }),
      'RULE_VIOLATION',
      'agreement:errors.adhesionNotOpen',
    );
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: inDays(2) }));
    expectRefused(
      await t.core.decideAdhesion(personActor(stranger.id), { mediationId, decision: 'ADHERED' }),
      'FORBIDDEN',
    );
    expectRefused(
      await t.core.decideAdhesion(personActor(pending.personId), { mediationId, decision: 'ADHERED' }),
      'FORBIDDEN',
    );
    expectRefused(await t.core.decideAdhesion(mediator, { mediationId, decision: 'ADHERED' }), 'FORBIDDEN');
    // Past the deadline, even before the clock has closed the window.
    t.clock.advance(2 * DAY);
    expectRefused(
      await t.core.decideAdhesion(personActor(nth(members, 1).personId), {
        mediationId,
        decision: 'ADHERED',
      }),
      'RULE_VIOLATION',
    );
    expect(await t.db.prisma.adhesion.count({ where: { participant: { mediationId } } })).toBe(0);
  });
});

describe('closing the adhesion', () => {
  it('at its deadline creates one payout per adherent, in integer cents', async () => {
    // 33.33 % of the claim, capped at 40 €.
    const offer = percentOffer(3_333, 4_000);
    const { mediationId, offerId, members } = await acceptedMediation(t, {
      admitted: 4,
      offer,
      amounts: [10_001, 1, 50_000, 9_999],
    });
    const closesAt = inDays(3);
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: closesAt }));
    for (const m of members.slice(0, 3))
      unwrap(await t.core.decideAdhesion(personActor(m.personId), { mediationId, decision: 'ADHERED' }));
    unwrap(
      await t.core.decideAdhesion(personActor(nth(members, 3).personId), {
        mediationId,
        decision: 'DECLINED',
      }),
    );
    t.clock.set(closesAt);
    await fireTimers(t);
    expect((await mediationRow(t, mediationId)).status).toBe('EXECUTION');
    expect((await timerOf(t, 'adhesionClose', offerId))?.firedAt).toEqual(closesAt);
    const payouts = await t.db.prisma.payout.findMany({ where: { offerId } });
    const byParticipant = Object.fromEntries(payouts.map((p) => [p.participantId, p.amountCents]));
    expect(byParticipant).toEqual({
      [nth(members, 0).participantId]: 3_333, // floor(10 001 × 0.3333) = 3 333.33 → 3 333
      [nth(members, 1).participantId]: 0, // floor(1 × 0.3333) = 0
      [nth(members, 2).participantId]: 4_000, // 16 665 capped at 4 000
    });
    expect(payouts.every((p) => p.status === 'PENDING')).toBe(true);
    const closed = await outbox(t, { kind: 'adhesionClosed', personId: null });
    expect(closed.map((n) => n.dedupKey)).toContain(`adhesionClosed:${offerId}`);
    const summary = await t.core.query.adhesionSummary({ mediationId });
    expect(summary).toMatchObject({ adhered: 3, declined: 1, undecided: 0 });
    await expectEveryNotificationRenders(t);
  });

  it('can be closed early by a mediator; the clock then does nothing', async () => {
    const { mediationId, offerId, members } = await acceptedMediation(t, { admitted: 2 });
    const closesAt = inDays(5);
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: closesAt }));
    unwrap(
      await t.core.decideAdhesion(personActor(nth(members, 0).personId), {
        mediationId,
        decision: 'ADHERED',
      }),
    );
    expect(unwrap(await t.core.closeAdhesion(mediator, { mediationId }))).toMatchObject({
      adherents: 1,
      executed: true,
    });
    expect((await timerOf(t, 'adhesionClose', offerId))?.cancelledAt).toEqual(t.clock.now());
    expect(await t.db.prisma.payout.findMany({ where: { offerId } })).toMatchObject([
      { participantId: nth(members, 0).participantId, amountCents: 5_000 },
    ]);
    expectRefused(
      await t.core.decideAdhesion(personActor(nth(members, 1).personId), {
        mediationId,
        decision: 'ADHERED',
      }),
      'RULE_VIOLATION',
    );
    expectRefused(await t.core.closeAdhesion(mediator, { mediationId }), 'ILLEGAL_TRANSITION');
  });

  it('fails the mediation when the minimum number of adhesions is not reached', async () => {
    const { mediationId, offerId, members } = await acceptedMediation(t, {
      admitted: 3,
      offer: percentOffer(10_000, undefined, 3),
    });
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: inDays(2) }));
    for (const m of members.slice(0, 2))
      unwrap(await t.core.decideAdhesion(personActor(m.personId), { mediationId, decision: 'ADHERED' }));
    // The third adheres, then withdraws: a withdrawn participant is no longer covered.
    unwrap(
      await t.core.decideAdhesion(personActor(nth(members, 2).personId), {
        mediationId,
        decision: 'ADHERED',
      }),
    );
    await t.db.prisma.participant.update({
      where: { id: nth(members, 2).participantId },
      data: { status: 'WITHDRAWN', withdrawnAt: t.clock.now() },
    });
    t.clock.advance(2 * DAY);
    await fireTimers(t);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'min_adhesions_not_reached',
    });
    expect(await t.db.prisma.payout.count({ where: { offerId } })).toBe(0);
    const told = (await outbox(t, { kind: 'mediationClosed' })).filter((n) =>
      n.dedupKey.startsWith(`mediationClosed:${mediationId}:`),
    );
    expect(told.map((n) => n.personId).sort()).toEqual(
      members
        .slice(0, 2)
        .map((m) => m.personId)
        .sort(),
    );
    await expectEveryNotificationRenders(t);
  });

  it('fails the mediation when nobody adhered', async () => {
    const { mediationId } = await acceptedMediation(t, { admitted: 2 });
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: inDays(1) }));
    unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'no_adhesion',
    });
    await expectEveryNotificationRenders(t);
  });
});
