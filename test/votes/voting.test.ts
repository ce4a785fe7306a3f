import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { type NotificationPayload, renderNotification } from '../../core/i18n/index.ts';
import { expandGroupNotifications } from '../../core/outbox/fan-out.ts';
import { fireDueTimers } from '../../core/scheduler/scheduler.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addParticipant, type NegotiationFixture, negotiationWithOffer } from './fixtures.ts';

const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
beforeEach(() => emptyAllTables(t.db));

async function openedVote(admitted: number, voteBase: 'ELECTORATE' | 'VOTES_CAST' = 'ELECTORATE') {
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted, voteBase });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }));
  return { ...fixture, voteId, closesAt };
}

const vote = (f: NegotiationFixture, i: number, voteId: string, choice: 'ACCEPT' | 'REFUSE' | 'ABSTAIN') =>
  t.core.castBallot(personActor(f.electors[i]?.personId ?? ''), { voteId, choice });

async function closeAtDeadline(voteId: string, closesAt: Date) {
  t.clock.set(closesAt);
  return unwrap(await t.core.closeVote(mediator, { voteId }));
}

describe('opening a vote', () => {
  it('freezes the electorate, moves the mediation to VOTING and queues one ballot notification for the group', async () => {
    const f = await openedVote(3);
    expect(await t.db.prisma.electorateMember.count({ where: { voteId: f.voteId } })).toBe(3);
    expect((await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: f.mediationId } })).status).toBe(
      'VOTING',
    );
    const group = await t.db.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupKey: `voteOpened:${f.voteId}` },
    });
    expect(group).toMatchObject({ audience: 'group', kind: 'voteOpened' });
    const timers = await t.db.prisma.timer.findMany({
      where: { subjectId: f.voteId },
      orderBy: { dueAt: 'asc' },
    });
    expect(timers.map((timer) => [timer.kind, timer.dueAt.getTime() - f.closesAt.getTime()])).toEqual([
      ['voteReminder72h', -72 * HOUR],
      ['voteReminder24h', -24 * HOUR],
      ['voteClose', 0],
    ]);
  });

  it('refuses an empty electorate, a vote outside negotiation, and a deadline too close', async () => {
    const empty = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    expect(await t.core.openVote(mediator, { mediationId: empty.mediationId, closesAt })).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.emptyElectorate' },
    });
    const f = await openedVote(1);
    expect(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    const other = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const tooSoon = new Date(t.clock.now().getTime() + HOUR);
    expect(
      await t.core.openVote(mediator, { mediationId: other.mediationId, closesAt: tooSoon }),
    ).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.badVoteDuration' },
    });
    expect(await t.db.prisma.vote.count({ where: { offer: { mediationId: other.mediationId } } })).toBe(0);
  });

  it('is for mediators only', async () => {
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const result = await t.core.openVote(personActor(f.electors[0]?.personId ?? ''), {
      mediationId: f.mediationId,
      closesAt: new Date(t.clock.now().getTime() + 7 * DAY),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('casting ballots', () => {
  it('gives a receipt; a repeated click is a no-op; a change gives a new receipt and the last ballot counts', async () => {
    const f = await openedVote(1);
    const first = unwrap(await vote(f, 0, f.voteId, 'REFUSE'));
    const again = unwrap(await vote(f, 0, f.voteId, 'REFUSE'));
    expect(again).toEqual({ receiptCode: first.receiptCode, choice: 'REFUSE', changed: false });
    const changed = unwrap(await vote(f, 0, f.voteId, 'ACCEPT'));
    expect(changed.receiptCode).not.toBe(first.receiptCode);
    expect(changed.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await t.db.prisma.ballot.findMany({ where: { voteId: f.voteId } })).toEqual([
      expect.objectContaining({ choice: 'ACCEPT', receiptCode: changed.receiptCode }),
    ]);
    const audits = await t.db.prisma.auditEntry.findMany({
      where: { subjectId: f.voteId, action: { startsWith: 'ballot.' } },
    });
    expect(audits.map((a) => a.action)).toEqual(['ballot.cast', 'ballot.changed']);
    expect(JSON.stringify(audits.map((a) => a.details))).not.toMatch(/ACCEPT|REFUSE/);
  });

  it('refuses a late joiner (frozen electorate) and anyone after the deadline', async () => {
    const f = await openedVote(2);
    const late = await addParticipant(t.db, f.mediationId, t.clock.now(), 'ADMITTED');
    expect(
      await t.core.castBallot(personActor(late.personId), { voteId: f.voteId, choice: 'ACCEPT' }),
    ).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.notInElectorate' },
    });
    t.clock.set(f.closesAt);
    expect(await vote(f, 0, f.voteId, 'ACCEPT')).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.voteClosed' },
    });
    const result = await closeAtDeadline(f.voteId, f.closesAt);
    expect(result.counts).toEqual({ electorate: 2, accept: 0, refuse: 0, abstain: 0 });
  });

  it('rejects forged input without touching the database', async () => {
    const f = await openedVote(1);
    const forged = await t.core.castBallot(personActor(f.electors[0]?.personId ?? ''), {
      voteId: f.voteId,
      choice: 'ACCEPT; DROP TABLE ballot' as never,
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.db.prisma.ballot.count()).toBe(0);
  });
});

describe('closing a vote', () => {
  it('accepts at exactly 75 %, publishes receipts and removes every link participant → ballot', async () => {
    const f = await openedVote(4);
    // Public (L612-3: with the parties' agreement), so that its result is in the public news too.
    unwrap(
      await t.core.makeNewsPublic(mediator, {
        mediationId: f.mediationId,
        partiesAgreement: 'Accord écrit.',
      }),
    );
    const receipts = [];
    for (const [i, choice] of (['ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE'] as const).entries()) {
      receipts.push(unwrap(await vote(f, i, f.voteId, choice)).receiptCode);
    }
    const result = await closeAtDeadline(f.voteId, f.closesAt);
    expect(result).toMatchObject({
      outcome: 'ACCEPTED',
      counts: { electorate: 4, accept: 3, refuse: 1, abstain: 0 },
    });
    expect(await t.db.prisma.ballot.count()).toBe(0);
    expect((await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: f.mediationId } })).status).toBe(
      'ACCEPTED',
    );
    // The list is the published file: header, then receipts in byte order with their choice.
    const choices = ['ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE'];
    const lines = receipts.map((receipt, i) => `${receipt},${choices[i]}`).sort();
    const list = await t.core.query.publishedReceipts({ voteId: f.voteId });
    expect(list).toBe(`receipt,choice\n${lines.join('\n')}\n`);
    const closed = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: f.voteId } });
    expect(closed.resultsSha256).toBe(
      createHash('sha256')
        .update(list ?? '')
        .digest('hex'),
    );
    const entry = await t.db.prisma.auditEntry.findFirst({ where: { action: 'vote.closed' } });
    expect(entry?.details).toMatchObject({ resultsSha256: closed.resultsSha256, accept: 3, refuse: 1 });
    expect(
      await t.core.query.myBallot({ voteId: f.voteId, personId: f.electors[0]?.personId ?? '' }),
    ).toBeNull();
    const announced = await t.db.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupKey: `voteResult:${f.voteId}` },
    });
    expect(announced).toMatchObject({
      audience: 'group',
      payload: expect.objectContaining({ textKey: 'votes:notify.voteResult_ACCEPTED' }),
    });
    // Everyone is told the list's fingerprint with the result, and so are the public news.
    const news = await t.db.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupKey: `news:voteResult:${f.voteId}` },
    });
    for (const row of [announced, news]) {
      const said = renderNotification('fr', row.payload as unknown as NotificationPayload);
      expect(said).toContain(`son empreinte sha256 est ${closed.resultsSha256}.`);
    }
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
  });

  it('rejects one vote short of 75 %, with non-voters counting as not accepting', async () => {
    const f = await openedVote(4);
    await vote(f, 0, f.voteId, 'ACCEPT');
    await vote(f, 1, f.voteId, 'ACCEPT');
    await vote(f, 2, f.voteId, 'ABSTAIN');
    const result = await closeAtDeadline(f.voteId, f.closesAt);
    expect(result).toMatchObject({ outcome: 'REJECTED', counts: { electorate: 4, accept: 2, abstain: 1 } });
    expect((await t.db.prisma.offer.findUniqueOrThrow({ where: { id: f.offerId } })).status).toBe('REJECTED');
  });

  it('drops the ballot of a participant who withdraws during the vote, and shrinks the electorate', async () => {
    const f = await openedVote(4);
    for (let i = 0; i < 3; i++) await vote(f, i, f.voteId, 'ACCEPT');
    await vote(f, 3, f.voteId, 'REFUSE');
    const leaver = f.electors[0];
    unwrap(
      await t.core.withdraw(personActor(leaver?.personId ?? ''), {
        participantId: leaver?.participantId ?? '',
      }),
    );
    expect(
      await t.core.castBallot(personActor(leaver?.personId ?? ''), { voteId: f.voteId, choice: 'ACCEPT' }),
    ).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.notInElectorate' },
    });
    const result = await closeAtDeadline(f.voteId, f.closesAt);
    // 2 accept of an electorate of 3: 8 ≥ 9 is false.
    expect(result).toMatchObject({ outcome: 'REJECTED', counts: { electorate: 3, accept: 2, refuse: 1 } });
  });

  it('applies the votes-cast profile with its quorum', async () => {
    const f = await openedVote(4, 'VOTES_CAST');
    await vote(f, 0, f.voteId, 'ACCEPT');
    await vote(f, 1, f.voteId, 'ABSTAIN');
    const result = await closeAtDeadline(f.voteId, f.closesAt);
    expect(result).toMatchObject({ outcome: 'ACCEPTED', quorumMet: true });
  });

  it('closes early only when everyone has voted, and exactly once', async () => {
    const f = await openedVote(2);
    await vote(f, 0, f.voteId, 'ACCEPT');
    expect(await t.core.closeVote(mediator, { voteId: f.voteId })).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.tooEarlyToClose', params: { waiting: 1 } },
    });
    await vote(f, 1, f.voteId, 'ACCEPT');
    unwrap(await t.core.closeVote(mediator, { voteId: f.voteId }));
    expect(await t.core.closeVote(mediator, { voteId: f.voteId })).toMatchObject({
      ok: false,
      error: { messageKey: 'votes:errors.voteClosed' },
    });
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'vote.closed' } })).toBe(1);
  });

  it('shows turnout only while open, counts only after', async () => {
    const f = await openedVote(3);
    await vote(f, 0, f.voteId, 'REFUSE');
    const during = await t.core.query.voteCard({ voteId: f.voteId });
    expect(during).toMatchObject({ status: 'open', turnout: { voted: 1, electorate: 3 }, result: null });
    await closeAtDeadline(f.voteId, f.closesAt);
    const after = await t.core.query.voteCard({ voteId: f.voteId });
    expect(after).toMatchObject({
      status: 'closed',
      result: { outcome: 'REJECTED', refuse: 1, electorate: 3 },
    });
  });
});

describe('extending a vote', () => {
  it('moves the deadline and its clocks once, by at most 72 h, with a reason', async () => {
    const f = await openedVote(1);
    expect(await t.core.extendVote(mediator, { voteId: f.voteId, hours: 73, reason: 'Panne' })).toMatchObject(
      {
        ok: false,
        error: { code: 'INVALID_INPUT' },
      },
    );
    const { closesAt } = unwrap(
      await t.core.extendVote(mediator, { voteId: f.voteId, hours: 48, reason: 'Panne du service' }),
    );
    expect(closesAt.getTime() - f.closesAt.getTime()).toBe(48 * HOUR);
    const close = await t.db.prisma.timer.findUniqueOrThrow({
      where: { kind_subjectId: { kind: 'voteClose', subjectId: f.voteId } },
    });
    expect(close.dueAt).toEqual(closesAt);
    expect(await t.core.extendVote(mediator, { voteId: f.voteId, hours: 1, reason: 'Encore' })).toMatchObject(
      {
        ok: false,
        error: { messageKey: 'votes:errors.alreadyExtended' },
      },
    );
  });
});

describe('the deadline', () => {
  it('refuses to extend a vote whose deadline has passed, even before its clock fired', async () => {
    const f = await openedVote(2);
    t.clock.set(new Date(f.closesAt.getTime() + 1000));
    expect(
      await t.core.extendVote(mediator, { voteId: f.voteId, hours: 24, reason: 'Trop tard' }),
    ).toMatchObject({ ok: false, error: { messageKey: 'votes:errors.deadlinePassed' } });
    expect((await t.db.prisma.vote.findUniqueOrThrow({ where: { id: f.voteId } })).closesAt).toEqual(
      f.closesAt,
    );
  });

  it('drops reminders already expanded but not yet sent when the vote closes', async () => {
    const f = await openedVote(3);
    await vote(f, 0, f.voteId, 'ACCEPT');
    t.clock.set(new Date(f.closesAt.getTime() - 24 * HOUR));
    await fireDueTimers(t.core.deps, { limit: 10, instanceId: 'test' });
    await expandGroupNotifications(t.core.deps, { limit: 10 });
    const pending = { kind: 'voteReminder', status: 'PENDING' as const, audience: 'person' };
    // The two who have not voted are each waiting for two reminders (72 h and 24 h: both clocks were due)…
    expect(await t.db.prisma.outboxMessage.count({ where: pending })).toBe(4);
    await vote(f, 1, f.voteId, 'ACCEPT');
    await vote(f, 2, f.voteId, 'REFUSE');
    unwrap(await t.core.closeVote(mediator, { voteId: f.voteId }));
    // …which would now ask them to vote on a closed vote: gone with the close.
    expect(await t.db.prisma.outboxMessage.count({ where: pending })).toBe(0);
  });
});
