import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { addParisDays } from '../../core/clock/working-days.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import {
  addParticipant,
  createDraft,
  defined,
  expectEveryNotificationRenders,
  expectRefused,
  fireTimers,
  fixedOffer,
  inNegotiation,
  mediationRow,
  mediator,
  nth,
  openMediation,
  outbox,
  startVote,
  timerOf,
} from './fixtures.ts';

const t = useTestCore({ checkAuditChain: true });

describe("the company's 20 working days", () => {
  it('record its silence as a refusal: the mediation fails and everyone is told', async () => {
    const { mediationId, members, pending } = await inNegotiation(t, { admitted: 2, submitted: 1 });
    const due = defined((await mediationRow(t, mediationId)).companyAnswerDueAt);
    t.clock.set(due);
    await fireTimers(t);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'company_silent',
      closedAt: due,
    });
    expect((await timerOf(t, 'companyAnswerDue', mediationId))?.firedAt).toEqual(due);
    // The 90-day clocks stop with the mediation.
    expect((await timerOf(t, 'deadlineReached', mediationId))?.cancelledAt).toEqual(due);
    const closed = await outbox(t, { kind: 'mediationClosed' });
    expect(
      closed
        .filter((n) => n.dedupKey.startsWith(`mediationClosed:${mediationId}:`))
        .map((n) => n.personId)
        .sort(),
    ).toEqual([...members, ...pending].map((m) => m.personId).sort());
    // The file still waiting for a decision is closed with the mediation; its owner is told so.
    const waiting = nth(pending, 0);
    expect(
      await t.db.prisma.participant.findUniqueOrThrow({ where: { id: waiting.participantId } }),
    ).toMatchObject({ status: 'REJECTED', rejectionReason: 'mediation_ended', decidedAt: due });
    expect((await outbox(t, { personId: waiting.personId })).map((n) => n.dedupKey)).toContain(
      `fileClosed:${waiting.participantId}`,
    );
    const overdue = await outbox(t, { kind: 'companyAnswerOverdue', personId: null });
    expect(overdue.map((n) => n.dedupKey)).toContain(`companyAnswerOverdue:${mediationId}`);
    const actions = (
      await t.db.prisma.auditEntry.findMany({ where: { mediationId }, orderBy: { seq: 'asc' } })
    ).map((e) => [e.action, e.actor]);
    expect(actions.slice(-3)).toEqual([
      ['mediation.companySilent', 'system:scheduler'],
      ['mediation.status', 'system:scheduler'],
      ['participant.closedUndecided', 'system:scheduler'],
    ]);
    await expectEveryNotificationRenders(t);
  });

  it('do nothing once an offer was recorded', async () => {
    const { mediationId } = await inNegotiation(t);
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    // Even if the clock had not been cancelled, the handler would find the answer and stay silent.
    await t.db.prisma.timer.update({
      where: { kind_subjectId: { kind: 'companyAnswerDue', subjectId: mediationId } },
      data: { cancelledAt: null },
    });
    t.clock.set(defined((await mediationRow(t, mediationId)).companyAnswerDueAt));
    await fireTimers(t);
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
    expect(
      await t.db.prisma.auditEntry.count({ where: { mediationId, action: 'mediation.companySilent' } }),
    ).toBe(0);
  });
});

describe('the 90-day limit', () => {
  it('can be extended with a reason: the clocks move (even one that rang) and every party is told', async () => {
    const { mediationId, members, pending } = await inNegotiation(t, { admitted: 2, submitted: 1 });
    await addParticipant(t, mediationId, { status: 'WITHDRAWN' });
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    t.clock.set(new Date(endsBy.getTime() - 14 * DAY));
    await fireTimers(t);
    expect((await timerOf(t, 'deadlineWarning14d', mediationId))?.firedAt).not.toBeNull();

    const reason = 'L’entreprise a demandé un délai pour chiffrer son offre.';
    const { endsBy: newEndsBy, extensionId } = unwrap(
      await t.core.extendMediation(mediator, { mediationId, reason, days: 30 }),
    );
    expect(newEndsBy).toEqual(addParisDays(endsBy, 30));
    expect(await mediationRow(t, mediationId)).toMatchObject({ endsBy: newEndsBy });
    expect(
      await t.db.prisma.mediationExtension.findUniqueOrThrow({ where: { id: extensionId } }),
    ).toMatchObject({
      days: 30,
      reason,
      previousEndsBy: endsBy,
      newEndsBy,
      createdBy: 'mediator:U0MEDIATOR',
    });
    for (const [kind, before] of [
      ['deadlineWarning14d', 14 * DAY],
      ['deadlineWarning7d', 7 * DAY],
      ['deadlineWarning1d', DAY],
      ['deadlineReached', 0],
    ] as const) {
      expect(await timerOf(t, kind, mediationId)).toMatchObject({
        dueAt: new Date(newEndsBy.getTime() - before),
        firedAt: null,
        cancelledAt: null,
      });
    }
    const told = (await outbox(t, { kind: 'mediationExtended' })).filter((n) =>
      n.dedupKey.startsWith(`mediationExtended:${extensionId}:`),
    );
    expect(told.map((n) => n.personId).sort()).toEqual(
      [...members, ...pending].map((m) => m.personId).sort(),
    );
    expect((nth(told, 0).payload as { params: { reason: string } }).params.reason).toBe(reason);
    // The re-armed warning rings again, for the new end.
    t.clock.set(new Date(newEndsBy.getTime() - 14 * DAY));
    await fireTimers(t);
    const warnings = (await outbox(t, { kind: 'mediationDeadline', personId: null })).filter((n) =>
      n.dedupKey.includes(mediationId),
    );
    expect(warnings.map((n) => n.dedupKey)).toContain(
      `mediationDeadline:deadlineWarning14d:${mediationId}:${newEndsBy.toISOString()}`,
    );
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId, action: 'mediation.extended' },
    });
    expect(audit.details).toEqual({
      days: 30,
      endsBy: newEndsBy.toISOString(),
      companyNotice: 'forwardedByMediator',
    });
    await expectEveryNotificationRenders(t);
  });

  it('defaults to 90 more days and refuses a bad extension', async () => {
    const { mediationId } = await inNegotiation(t);
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    expectRefused(await t.core.extendMediation(mediator, { mediationId, reason: 'ok' }), 'INVALID_INPUT');
    expectRefused(
      await t.core.extendMediation(mediator, { mediationId, reason: 'Motif valable', days: 91 }),
      'INVALID_INPUT',
    );
    expectRefused(
      await t.core.extendMediation(mediator, { mediationId, reason: 'Motif valable', days: 0 }),
      'INVALID_INPUT',
    );
    const { endsBy: extended } = unwrap(
      await t.core.extendMediation(mediator, { mediationId, reason: 'Motif valable' }),
    );
    expect(extended).toEqual(addParisDays(endsBy, 90));

    // Not before the opening notice, not after the end.
    const { mediationId: open } = await openMediation(t);
    expectRefused(
      await t.core.extendMediation(mediator, { mediationId: open, reason: 'Trop tôt' }),
      'RULE_VIOLATION',
      'mediations:errors.extensionBeforeOpeningNotice',
    );
    unwrap(await t.core.cancelMediation(mediator, { mediationId, reason: 'Accord trouvé hors médiation' }));
    expectRefused(
      await t.core.extendMediation(mediator, { mediationId, reason: 'Trop tard' }),
      'ILLEGAL_TRANSITION',
      'mediations:errors.mediationEnded',
    );
  });
});

describe('cancelling', () => {
  it('works from any open state, stops every clock and tells the parties why', async () => {
    const { mediationId, members } = await openMediation(t, { admitted: 2 });
    const reason = 'L’entreprise a été placée en liquidation judiciaire.';
    unwrap(await t.core.cancelMediation(mediator, { mediationId, reason }));
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CANCELLED',
      closingReason: reason,
      closedAt: t.clock.now(),
    });
    expect((await timerOf(t, 'registrationClose', mediationId))?.cancelledAt).toEqual(t.clock.now());
    const told = (await outbox(t, { kind: 'mediationCancelled' })).filter((n) =>
      n.dedupKey.startsWith(`mediationCancelled:${mediationId}:`),
    );
    expect(told.map((n) => n.personId).sort()).toEqual(members.map((m) => m.personId).sort());
    expect((nth(told, 0).payload as { params: { reason: string } }).params.reason).toBe(reason);
    await expectEveryNotificationRenders(t);
  });

  it('voids a running vote', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 2 });
    const { offerId } = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const voteId = await startVote(t, mediationId, offerId, members);
    unwrap(await t.core.cancelMediation(mediator, { mediationId, reason: 'Erreur de procédure' }));
    expect((await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).outcome).toBe('VOIDED');
    expect((await t.db.prisma.offer.findUniqueOrThrow({ where: { id: offerId } })).status).toBe('VOIDED');
    expect((await mediationRow(t, mediationId)).status).toBe('CANCELLED');
  });

  it('from DRAFT needs no participants, and needs a reason', async () => {
    const mediationId = await createDraft(t);
    expectRefused(await t.core.cancelMediation(mediator, { mediationId, reason: ' ' }), 'INVALID_INPUT');
    unwrap(await t.core.cancelMediation(mediator, { mediationId, reason: 'Créée par erreur' }));
    expect((await mediationRow(t, mediationId)).status).toBe('CANCELLED');
  });
});
