import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { addParisDays } from '../../core/clock/working-days.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { participantsTimers } from '../../core/participants/timers.ts';
import { fireDueTimers } from '../../core/scheduler/scheduler.ts';
import { useTestCore } from '../support/core.ts';
import { complaint, createOpenMediation, createPerson, joinEligible, submittedFile } from './fixtures.ts';

const t = useTestCore();

const mediator = mediatorActor('U_ANNE');
const refusal = (messageKey: string, code = 'RULE_VIOLATION') => ({
  ok: false,
  error: expect.objectContaining({ code, messageKey }),
});

const timersOf = (subjectId: string) =>
  t.db.prisma.timer.findMany({ where: { subjectId }, orderBy: { dueAt: 'asc' } });
const outboxOf = (where: { kind: string; dedupKey?: string }) =>
  t.db.prisma.outboxMessage.findMany({ where });

describe('submitting a file', () => {
  it('sets the three-week limit, schedules the reminders and tells the person and the mediators', async () => {
    const context = await createOpenMediation(t);
    const { participantId, personId } = await submittedFile(t, context);
    const now = t.clock.now().getTime();
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({ status: 'SUBMITTED', submittedAt: new Date(now) });
    expect(file.decisionDueAt).toEqual(new Date(now + 21 * DAY));

    const timers = await timersOf(participantId);
    expect(timers.map((timer) => [timer.kind, timer.dueAt.getTime()])).toEqual([
      ['decisionDue7d', now + 14 * DAY],
      ['decisionDue1d', now + 20 * DAY],
    ]);

    // One message to the person: the notice of seizure (R612-2), with the decision's date.
    const toPersonRows = await t.db.prisma.outboxMessage.findMany({ where: { personId } });
    expect(toPersonRows.map((row) => row.kind)).toEqual(['openingNotice']);
    const [toPerson] = toPersonRows;
    expect(toPerson).toMatchObject({ audience: 'person', dedupKey: `openingNotice:${participantId}` });
    expect(toPerson?.payload).toMatchObject({
      textKey: 'mediations:notify.seizureNotice',
      params: {
        title: { fr: 'Frais cachés RED by SFR', en: 'RED by SFR hidden fees' },
        dueDate: { date: new Date(now + 21 * DAY).toISOString() },
        endsBy: { date: addParisDays(new Date(now), 90).toISOString() },
      },
    });
    const [toMediators] = await outboxOf({ kind: 'fileToReview', dedupKey: `fileToReview:${participantId}` });
    expect(toMediators).toMatchObject({ personId: null, audience: 'mediators' });
    // Ids and the title only: the complaint is read in the review screen, not in a Slack channel.
    const text = JSON.stringify(toMediators?.payload);
    expect(text).not.toContain(complaint.description);
    // Neither the amount as typed nor in cents (a bare 5988 could also sit inside an id).
    expect(text).not.toContain(complaint.amount);
    expect(text).not.toMatch(/amount|[^0-9a-f-]5988[^0-9a-f-]/i);
  });

  it('says what is missing, one item at a time', async () => {
    const context = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    const first = await t.core.submitFile(actor, { participantId });
    expect(first).toEqual(refusal('participants:errors.incomplete.description'));
    expect(!first.ok && first.error.params).toEqual({
      missing: 'description,amount,problemDate,priorComplaintDate',
    });
    unwrap(
      await t.core.describeComplaint(actor, { participantId, ...complaint, priorComplaintDate: undefined }),
    );
    const noPriorComplaint = await t.core.submitFile(actor, { participantId });
    expect(noPriorComplaint).toEqual(refusal('participants:errors.incomplete.priorComplaintDate'));
    expect(await t.db.prisma.timer.count({ where: { subjectId: participantId } })).toBe(0);
  });

  it('requires every eligibility question, also one added after the person answered', async () => {
    const context = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    unwrap(await t.core.describeComplaint(actor, { participantId, ...complaint }));
    await t.db.prisma.eligibilityQuestion.create({
      data: {
        mediationId: context.mediation.id,
        position: 3,
        textFr: 'Q3 ?',
        textEn: 'Q3?',
        requiredAnswer: true,
      },
    });
    expect(await t.core.submitFile(actor, { participantId })).toEqual(
      refusal('participants:errors.incomplete.eligibility'),
    );
  });

  it('refuses a written complaint that turned one year old since it was typed', async () => {
    const context = await createOpenMediation(t, { closesInDays: 400 });
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    unwrap(await t.core.describeComplaint(actor, { participantId, ...complaint }));
    const saved = t.clock.now();
    t.clock.set(new Date('2027-02-11T09:00:00Z')); // the complaint of 10 Feb 2026 is now too old
    const result = await t.core.submitFile(actor, { participantId });
    t.clock.set(saved);
    expect(result).toEqual(refusal('participants:errors.priorComplaintTooOld'));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file.status).toBe('DRAFT');
  });

  it('refuses after registration closed, and freezes a submitted file', async () => {
    const context = await createOpenMediation(t);
    const { participantId, actor } = await submittedFile(t, context);
    expect(await t.core.submitFile(actor, { participantId })).toEqual(
      refusal('participants:errors.notEditable', 'ILLEGAL_TRANSITION'),
    );
    expect(await t.core.describeComplaint(actor, { participantId, amount: '1' })).toEqual(
      refusal('participants:errors.notEditable', 'ILLEGAL_TRANSITION'),
    );

    const late = await createOpenMediation(t, { closesInDays: 1 });
    const person = await createPerson(t);
    const draft = await joinEligible(t, person.actor, late);
    unwrap(await t.core.describeComplaint(person.actor, { participantId: draft, ...complaint }));
    t.clock.advance(DAY);
    const result = await t.core.submitFile(person.actor, { participantId: draft });
    t.clock.advance(-DAY);
    expect(result).toEqual(refusal('participants:errors.registrationClosed'));
  });
});

describe('deciding on a file', () => {
  it('admits: records who and when, cancels the reminders, tells the person', async () => {
    const context = await createOpenMediation(t);
    const { participantId, personId } = await submittedFile(t, context);
    t.clock.advance(DAY);
    unwrap(await t.core.admitParticipant(mediator, { participantId }));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({
      status: 'ADMITTED',
      decidedAt: t.clock.now(),
      decidedBy: 'mediator:U_ANNE',
    });
    expect((await timersOf(participantId)).every((timer) => timer.cancelledAt !== null)).toBe(true);
    const [message] = await outboxOf({ kind: 'fileAdmitted', dedupKey: `fileAdmitted:${participantId}` });
    expect(message).toMatchObject({ personId, payload: { textKey: 'participants:notify.fileAdmitted' } });
    t.clock.advance(-DAY);
  });

  it('rejects with a reason the person receives, kept out of the audit log', async () => {
    const context = await createOpenMediation(t);
    const { participantId, personId } = await submittedFile(t, context);
    const reason = '  Votre contrat n\u0000’est pas chez RED by SFR mais chez SFR.  ';
    unwrap(await t.core.rejectParticipant(mediator, { participantId, reason }));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Votre contrat n’est pas chez RED by SFR mais chez SFR.',
    });
    const [message] = await outboxOf({ kind: 'fileRejected', dedupKey: `fileRejected:${participantId}` });
    expect(message).toMatchObject({
      personId,
      payload: { params: { reason: 'Votre contrat n’est pas chez RED by SFR mais chez SFR.' } },
    });
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'participant.rejected', subjectId: participantId },
    });
    expect(audit.actor).toBe('mediator:U_ANNE');
    expect(JSON.stringify(audit.details)).not.toContain('SFR');
    expect((await timersOf(participantId)).every((timer) => timer.cancelledAt !== null)).toBe(true);
  });

  it('refuses a reason too short or too long, a second decision, a draft, and a person', async () => {
    const context = await createOpenMediation(t);
    const { participantId, actor } = await submittedFile(t, context);
    expect(await t.core.rejectParticipant(mediator, { participantId, reason: ' N. ' })).toEqual(
      refusal('participants:errors.reasonTooShort'),
    );
    expect(await t.core.rejectParticipant(mediator, { participantId, reason: 'x'.repeat(1001) })).toEqual(
      refusal('participants:errors.reasonTooLong'),
    );
    expect(await t.core.admitParticipant(actor, { participantId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    unwrap(await t.core.admitParticipant(mediator, { participantId }));
    expect(await t.core.admitParticipant(mediator, { participantId })).toEqual(
      refusal('participants:errors.notAwaitingDecision', 'ILLEGAL_TRANSITION'),
    );
    expect(
      await t.db.prisma.outboxMessage.count({ where: { dedupKey: `fileAdmitted:${participantId}` } }),
    ).toBe(1);

    const person = await createPerson(t);
    const draft = await joinEligible(t, person.actor, context);
    expect(await t.core.admitParticipant(mediator, { participantId: draft })).toEqual(
      refusal('participants:errors.notAwaitingDecision', 'ILLEGAL_TRANSITION'),
    );
  });
});

describe('reminding the mediators of the three-week limit', () => {
  const fire = () =>
    fireDueTimers(t.core.deps, { limit: 100, instanceId: 'test', handlers: participantsTimers });

  it('reminds a week and a day before, while the file waits', async () => {
    const context = await createOpenMediation(t);
    const { participantId } = await submittedFile(t, context);
    const start = t.clock.now();
    t.clock.advance(14 * DAY);
    await fire();
    const week = await outboxOf({ kind: 'decisionDue', dedupKey: `decisionDue7d:${participantId}` });
    expect(week).toHaveLength(1);
    expect(week[0]?.payload).toMatchObject({
      textKey: 'participants:notify.decisionDue',
      params: {
        dueDate: { date: new Date(start.getTime() + 21 * DAY).toISOString() },
        file: participantId.slice(0, 8),
      },
    });
    t.clock.advance(6 * DAY);
    await fire();
    expect(await outboxOf({ kind: 'decisionDue', dedupKey: `decisionDue1d:${participantId}` })).toHaveLength(
      1,
    );
    t.clock.set(start);
  });

  it('says nothing about a file decided before the reminder, even if its timer fires', async () => {
    const context = await createOpenMediation(t);
    const { participantId } = await submittedFile(t, context);
    unwrap(await t.core.admitParticipant(mediator, { participantId }));
    // A timer left uncancelled by mistake must still do nothing.
    await t.db.prisma.timer.updateMany({ where: { subjectId: participantId }, data: { cancelledAt: null } });
    const start = t.clock.now();
    t.clock.advance(21 * DAY);
    const report = await fire();
    t.clock.set(start);
    expect(report.fired.filter((timer) => timer.subjectId === participantId)).toHaveLength(2);
    expect(
      await t.db.prisma.outboxMessage.count({
        where: { kind: 'decisionDue', dedupKey: { contains: participantId } },
      }),
    ).toBe(0);
  });
});
