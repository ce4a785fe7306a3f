import { describe, expect, it } from 'vitest';
import { payoutCents } from '../../core/agreement/payout-amount.ts';
import { DAY } from '../../core/clock/clock.ts';
import { companyActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { fileReference } from '../../core/references/short-id.ts';
import {
  expectEveryNotificationRenders,
  expectRefused,
  fireTimers,
  mediationRow,
  mediator,
  nth,
  outbox,
  timerOf,
} from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { inExecution as mediationInExecution } from './support.ts';

describe('the amount of a payout', () => {
  const fixed = (fixedCents: number, capCents: number | null = null) =>
    ({ compensationKind: 'FIXED', fixedCents, percentBasisPoints: null, capCents }) as const;
  const percent = (bp: number, capCents: number | null = null) =>
    ({ compensationKind: 'PERCENT', fixedCents: null, percentBasisPoints: bp, capCents }) as const;

  it('is the fixed amount whatever was claimed', () => {
    expect(payoutCents(fixed(5_000), 123)).toBe(5_000);
    expect(payoutCents(fixed(5_000), null)).toBe(5_000);
  });

  it('is a share of the claim rounded down to the cent, then capped', () => {
    expect(payoutCents(percent(10_000), 12_345)).toBe(12_345);
    expect(payoutCents(percent(5_000), 12_345)).toBe(6_172); // 6 172.5 → 6 172
    expect(payoutCents(percent(3_333), 10)).toBe(3); // 3.333 → 3, never 4
    expect(payoutCents(percent(1), 9_999)).toBe(0);
    expect(payoutCents(percent(7_500, 50_000), 100_000)).toBe(50_000);
    expect(payoutCents(percent(7_500, 50_000), 60_000)).toBe(45_000);
    // The largest claim times the largest share stays exact.
    expect(payoutCents(percent(9_999), 100_000_000)).toBe(99_990_000);
    expect(payoutCents(percent(2_900), 2_147_483_647)).toBe(622_770_257);
  });
});

const t = useTestCore({ checkAuditChain: true });

/** A mediation in EXECUTION where every member adhered; `payoutOf(i)` is the id of member i's payout. */
async function inExecution(admitted = 2) {
  const accepted = await mediationInExecution(t, admitted);
  return { ...accepted, payoutOf: (i: number) => accepted.payoutOf(i).id };
}

describe('following the payouts', () => {
  it('goes sent → confirmed; the last confirmation tells the mediators, who close as a success', async () => {
    const { mediationId, members, payoutOf } = await inExecution(2);
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }));
    expect(await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutOf(0) } })).toMatchObject({
      status: 'SENT',
      sentAt: t.clock.now(),
    });
    const sent = await outbox(t, { kind: 'payoutSent', personId: nth(members, 0).personId });
    expect(sent).toHaveLength(1);
    expect(nth(sent, 0).dedupKey).toBe(`payoutSent:${payoutOf(0)}:first`);
    // Marking it again changes nothing.
    expect(unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }))).toMatchObject({
      changed: false,
    });

    const first = unwrap(
      await t.core.confirmPayout(personActor(nth(members, 0).personId), { payoutId: payoutOf(0) }),
    );
    expect(first).toMatchObject({ changed: true, allConfirmed: false });
    expectRefused(
      await t.core.closeMediationAsSucceeded(mediator, { mediationId }),
      'RULE_VIOLATION',
      'agreement:errors.payoutsOutstanding',
    );
    expect((await mediationRow(t, mediationId)).status).toBe('EXECUTION');
    expect(await outbox(t, { kind: 'payoutsAllConfirmed' })).toHaveLength(0);
    // The money can arrive before the mediator marks it sent: confirming a pending payout is fine.
    const last = unwrap(
      await t.core.confirmPayout(personActor(nth(members, 1).personId), { payoutId: payoutOf(1) }),
    );
    expect(last).toMatchObject({ changed: true, allConfirmed: true });
    // Closing is the mediators' decision: they are told, the mediation waits for them.
    expect((await mediationRow(t, mediationId)).status).toBe('EXECUTION');
    const [told] = await outbox(t, { kind: 'payoutsAllConfirmed' });
    expect(told).toMatchObject({ audience: 'mediators', payload: { params: { count: 2 } } });
    // A second « I received it » is a no-op: nothing changes, nobody is told again.
    const again = unwrap(
      await t.core.confirmPayout(personActor(nth(members, 1).personId), { payoutId: payoutOf(1) }),
    );
    expect(again).toEqual({ payoutId: payoutOf(1), changed: false, allConfirmed: false });
    expect(await outbox(t, { kind: 'payoutsAllConfirmed' })).toHaveLength(1);

    expect(unwrap(await t.core.closeMediationAsSucceeded(mediator, { mediationId }))).toMatchObject({
      status: 'CLOSED_SUCCESS',
      unconfirmed: 0,
    });
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_SUCCESS',
      closingReason: 'all_payouts_confirmed',
      closedAt: t.clock.now(),
    });
    const closed = (await outbox(t, { kind: 'mediationClosed' })).filter((n) =>
      n.dedupKey.startsWith(`mediationClosed:${mediationId}:`),
    );
    expect(closed).toHaveLength(2);
    const actions = (
      await t.db.prisma.auditEntry.findMany({ where: { mediationId }, orderBy: { seq: 'asc' } })
    ).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('payout.'))).toEqual([
      'payout.sent',
      'payout.confirmed',
      'payout.confirmed',
    ]);
    expect(actions.at(-1)).toBe('mediation.status');
    expectRefused(await t.core.closeMediationAsSucceeded(mediator, { mediationId }), 'ILLEGAL_TRANSITION');
    await expectEveryNotificationRenders(t);
  });

  it('closes with payouts left unconfirmed only with a reason for each, kept in the audit log', async () => {
    const { mediationId, members, payoutOf } = await inExecution(3);
    unwrap(await t.core.confirmPayout(personActor(nth(members, 0).personId), { payoutId: payoutOf(0) }));
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(1) }));
    const unreachable = { payoutId: payoutOf(1), reason: 'Personne injoignable depuis trois semaines' };
    const refusedTransfer = { payoutId: payoutOf(2), reason: 'Virement refusé par la banque' };
    const short = (id: string) => id.slice(0, 8);

    const missing = await t.core.closeMediationAsSucceeded(mediator, {
      mediationId,
      unconfirmed: [unreachable],
    });
    expectRefused(missing, 'RULE_VIOLATION', 'agreement:errors.payoutsOutstanding');
    expect(!missing.ok && missing.error.params).toEqual({ count: 1, payouts: short(payoutOf(2)) });
    // A reason for a payout already confirmed is a mistake, said as such.
    const stray = await t.core.closeMediationAsSucceeded(mediator, {
      mediationId,
      unconfirmed: [unreachable, refusedTransfer, { payoutId: payoutOf(0), reason: 'Déjà payé' }],
    });
    expectRefused(stray, 'RULE_VIOLATION', 'agreement:errors.notOutstanding');
    expect((await mediationRow(t, mediationId)).status).toBe('EXECUTION');

    unwrap(
      await t.core.closeMediationAsSucceeded(mediator, {
        mediationId,
        unconfirmed: [unreachable, refusedTransfer],
      }),
    );
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_SUCCESS',
      closingReason: 'agreement_executed',
    });
    const explained = await t.db.prisma.auditEntry.findMany({
      where: { action: 'payout.closedUnconfirmed' },
      orderBy: { seq: 'asc' },
    });
    expect(explained.map((entry) => [entry.subjectId, entry.details, entry.actor])).toEqual(
      [
        [payoutOf(1), { status: 'SENT', reason: unreachable.reason }, 'mediator:U0MEDIATOR'],
        [payoutOf(2), { status: 'PENDING', reason: refusedTransfer.reason }, 'mediator:U0MEDIATOR'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // The clocks of the payout sent but never confirmed stop with the mediation.
    expect(await timerOf(t, 'payoutReminder', payoutOf(1))).toMatchObject({ cancelledAt: t.clock.now() });
    await expectEveryNotificationRenders(t);
  });

  it('lets an adherent report a problem, relayed to the mediators with the mediation and file; a new sending is notified again', async () => {
    const { mediationId, members, payoutOf } = await inExecution(2);
    const { slug } = await mediationRow(t, mediationId);
    const me = personActor(nth(members, 0).personId);
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }));
    const note = 'Je n’ai rien reçu sur mon compte.';
    const { messageId } = unwrap(await t.core.reportPayoutProblem(me, { payoutId: payoutOf(0), note }));
    expect(await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutOf(0) } })).toMatchObject({
      status: 'PROBLEM',
      problemNote: note,
      problemAt: t.clock.now(),
    });
    const [alert] = await outbox(t, { kind: 'payoutProblem', personId: null });
    expect(alert).toMatchObject({
      dedupKey: `payoutProblem:${messageId}`,
      payload: {
        params: {
          note,
          slug,
          file: nth(members, 0).participantId.slice(0, 8),
          payout: payoutOf(0).slice(0, 8),
          ref: messageId.slice(0, 8),
        },
        refs: { messageId, payoutId: payoutOf(0), participantId: nth(members, 0).participantId },
      },
    });
    // The note goes to the mediators, never into the audit log.
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'payout.problem', subjectId: payoutOf(0) },
    });
    expect(JSON.stringify(audit.details)).not.toContain('rien reçu');
    const list = await t.core.query.payoutList({ mediationId });
    expect(list[0]).toMatchObject({ id: payoutOf(0), status: 'PROBLEM', problemNote: note });
    // A mediator answers it like a /contact message.
    unwrap(await t.core.answerContact(mediator, { messageId, message: 'Nous voyons avec l’entreprise.' }));
    expect(await outbox(t, { kind: 'contactAnswer', personId: nth(members, 0).personId })).toHaveLength(1);
    // An empty or oversized note is refused before anything changes.
    expectRefused(
      await t.core.reportPayoutProblem(me, { payoutId: payoutOf(0), note: ' \u200b ' }),
      'INVALID_INPUT',
    );
    expectRefused(
      await t.core.reportPayoutProblem(me, { payoutId: payoutOf(0), note: 'x'.repeat(2001) }),
      'INVALID_INPUT',
      'account:contact.tooLongCore',
    );

    t.clock.advance(DAY);
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }));
    expect(await outbox(t, { kind: 'payoutSent', personId: nth(members, 0).personId })).toHaveLength(2);
    await expectEveryNotificationRenders(t);
  });

  it('reminds an adherent once after 7 days and alerts the mediators once after 14, unless they answered', async () => {
    const { members, payoutOf } = await inExecution(3);
    for (const i of [0, 1, 2]) unwrap(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(i) }));
    const sentAt = t.clock.now();
    // One confirms, one reports a problem, one says nothing.
    unwrap(await t.core.confirmPayout(personActor(nth(members, 0).personId), { payoutId: payoutOf(0) }));
    unwrap(
      await t.core.reportPayoutProblem(personActor(nth(members, 1).personId), {
        payoutId: payoutOf(1),
        note: 'Le montant reçu est de 40 €, pas 50 €.',
      }),
    );
    // Other tests of this file left payouts of their own: only this mediation's count here.
    const ours = (rows: Awaited<ReturnType<typeof outbox>>) =>
      rows.filter((row) => [0, 1, 2].some((i) => JSON.stringify(row.payload).includes(payoutOf(i))));
    const reminders = async () => ours(await outbox(t, { kind: 'payoutReminder' }));
    const alerts = async () => ours(await outbox(t, { kind: 'payoutUnconfirmed' }));

    t.clock.set(new Date(sentAt.getTime() + 7 * DAY - 1000));
    await fireTimers(t);
    expect(await reminders()).toHaveLength(0);
    t.clock.set(new Date(sentAt.getTime() + 7 * DAY));
    await fireTimers(t);
    await fireTimers(t);
    expect((await reminders()).map((row) => row.personId)).toEqual([nth(members, 2).personId]);
    expect(await alerts()).toHaveLength(0);

    t.clock.set(new Date(sentAt.getTime() + 14 * DAY));
    await fireTimers(t);
    await fireTimers(t);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ audience: 'mediators', payload: { refs: { payoutId: payoutOf(2) } } });
    expect(await alerts()).toHaveLength(1);
    expect(await reminders()).toHaveLength(1);
    // The dashboard lists what needs the mediators: the problem and the silent payout, nothing else.
    const follow = await t.core.query.payoutsToFollow();
    expect(follow.map((row) => [row.payoutId, row.status])).toEqual(
      expect.arrayContaining([
        [payoutOf(1), 'PROBLEM'],
        [payoutOf(2), 'SENT'],
      ]),
    );
    expect(follow.map((row) => row.payoutId)).not.toContain(payoutOf(0));
    await expectEveryNotificationRenders(t);
  });

  it('keeps each payout to its own adherent, and a confirmed one stays confirmed', async () => {
    const { mediationId, members, payoutOf } = await inExecution(2);
    const other = personActor(nth(members, 1).personId);
    expectRefused(
      await t.core.confirmPayout(other, { payoutId: payoutOf(0) }),
      'NOT_FOUND',
      'agreement:errors.payoutNotFound',
    );
    expectRefused(
      await t.core.reportPayoutProblem(other, { payoutId: payoutOf(0), note: 'pas à moi' }),
      'NOT_FOUND',
    );
    expect((await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutOf(0) } })).status).toBe(
      'PENDING',
    );
    const me = personActor(nth(members, 0).personId);
    unwrap(await t.core.confirmPayout(me, { payoutId: payoutOf(0) }));
    expect(unwrap(await t.core.confirmPayout(me, { payoutId: payoutOf(0) }))).toMatchObject({
      changed: false,
    });
    expectRefused(
      await t.core.reportPayoutProblem(me, { payoutId: payoutOf(0), note: 'Finalement non' }),
      'RULE_VIOLATION',
      'agreement:errors.payoutAlreadyConfirmed',
    );
    expectRefused(await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }), 'RULE_VIOLATION');
    expect(await t.core.query.myAgreement({ personId: nth(members, 0).personId, mediationId })).toMatchObject(
      {
        decision: 'ADHERED',
        payout: { status: 'CONFIRMED', amountCents: 5_000 },
      },
    );
  });

  it('is refused outside execution', async () => {
    const { mediationId, payoutOf, members } = await inExecution(1);
    unwrap(
      await t.core.cancelMediation(mediator, { mediationId, reason: 'L’entreprise a cessé ses paiements' }),
    );
    expectRefused(
      await t.core.markPayoutSent(mediator, { payoutId: payoutOf(0) }),
      'ILLEGAL_TRANSITION',
      'agreement:errors.notInExecution',
    );
    expectRefused(
      await t.core.confirmPayout(personActor(nth(members, 0).personId), { payoutId: payoutOf(0) }),
      'ILLEGAL_TRANSITION',
    );
  });
});

describe('payouts marked by the company from its portal (issue 15)', () => {
  const referenceOf = async (payoutId: string) => {
    const payout = await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutId } });
    return fileReference(payout.participantId);
  };

  it('marks all the references it is given, or none when one is unknown; the mediators are told once', async () => {
    const { mediationId, payoutOf } = await inExecution(3);
    const { companyId } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: mediationId } });
    const company = companyActor(companyId, mediationId);
    const refs = [await referenceOf(payoutOf(0)), await referenceOf(payoutOf(1))];
    const ids = [payoutOf(0), payoutOf(1), payoutOf(2)];
    const count = (kind: string) => t.db.prisma.outboxMessage.count({ where: { kind } });
    const [sentBefore, toldBefore] = [await count('payoutSent'), await count('companyPayouts')];
    const refused = await t.core.markPayoutsSentByCompany(company, { references: [...refs, 'ABCDEF012345'] });
    expect(refused).toMatchObject({ ok: false, error: { messageKey: 'company:errors.unknownReferences' } });
    expect(await t.db.prisma.payout.count({ where: { id: { in: ids }, status: 'SENT' } })).toBe(0);
    const done = unwrap(await t.core.markPayoutsSentByCompany(company, { references: refs }));
    expect(done).toMatchObject({ marked: 2 });
    const statuses = await t.db.prisma.payout.findMany({
      where: { id: { in: [payoutOf(0), payoutOf(1), payoutOf(2)] } },
    });
    expect(statuses.map((p) => p.status).sort()).toEqual(['PENDING', 'SENT', 'SENT']);
    expect(await count('payoutSent')).toBe(sentBefore + 2);
    expect(await count('companyPayouts')).toBe(toldBefore + 1);
    const audit = await t.db.prisma.auditEntry.findMany({
      where: { action: 'payout.sent', subjectId: { in: ids } },
    });
    expect(audit.every((entry) => entry.actor === `company:${companyId}`)).toBe(true);
    // Another mediation's session cannot reach these payouts: its references are unknown there.
    const stranger = companyActor(companyId, '00000000-0000-4000-8000-000000000000');
    expect(await t.core.markPayoutsSentByCompany(stranger, { references: refs })).toMatchObject({
      ok: false,
    });
  });
});
