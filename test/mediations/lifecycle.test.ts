import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { addParisDays, addWorkingDays } from '../../core/clock/working-days.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import {
  acceptedMediation,
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
  timerOf,
} from './fixtures.ts';

const t = useTestCore({ checkAuditChain: true });

describe('opening registration', () => {
  it('publishes the mediation and sets the clock that closes registration', async () => {
    const mediationId = await createDraft(t);
    const closesAt = new Date(t.clock.now().getTime() + 5 * DAY);
    unwrap(await t.core.openRegistration(mediator, { mediationId, registrationClosesAt: closesAt }));
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'OPEN',
      registrationOpenedAt: t.clock.now(),
      registrationClosesAt: closesAt,
    });
    expect(await timerOf(t, 'registrationClose', mediationId)).toMatchObject({
      dueAt: closesAt,
      firedAt: null,
      cancelledAt: null,
    });
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId, action: 'mediation.status' },
    });
    expect(audit.details).toEqual({ from: 'DRAFT', to: 'OPEN' });
  });

  it('needs a registration deadline in the future', async () => {
    const mediationId = await createDraft(t, { registrationClosesAt: undefined });
    expectRefused(
      await t.core.openRegistration(mediator, { mediationId }),
      'RULE_VIOLATION',
      'mediations:errors.registrationDeadlinePast',
    );
    expectRefused(
      await t.core.openRegistration(mediator, {
        mediationId,
        registrationClosesAt: new Date(t.clock.now().getTime() - HOUR),
      }),
      'RULE_VIOLATION',
    );
    expect((await mediationRow(t, mediationId)).status).toBe('DRAFT');
    expect(await timerOf(t, 'registrationClose', mediationId)).toBeNull();
  });
});

describe('closing registration', () => {
  it('gives the notice of seizure to each party who has none yet, and starts the 90-day limit if no file did', async () => {
    // Files written straight in the database: received before notices went out on receipt.
    const { mediationId, members, pending } = await openMediation(t, { admitted: 3, submitted: 2 });
    const withdrawn = await addParticipant(t, mediationId, { status: 'WITHDRAWN' });
    const now = t.clock.now();
    const closed = unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    const endsBy = addParisDays(now, 90);
    expect(closed).toMatchObject({ admitted: 3, pending: 2, endsBy });
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'REGISTRATION_CLOSED',
      openingNoticeAt: now,
      endsBy,
    });

    const notices = await outbox(t, { kind: 'openingNotice' });
    const parties = [...members, ...pending];
    expect(notices.filter((n) => n.personId === withdrawn.personId)).toEqual([]);
    const mine = notices.filter((n) => parties.some((m) => m.personId === n.personId));
    expect(mine.map((n) => n.dedupKey).sort()).toEqual(
      parties.map((m) => `openingNotice:${m.participantId}`).sort(),
    );
    expect(nth(mine, 0).payload).toMatchObject({
      textKey: 'mediations:notify.openingNotice',
      params: { endsBy: { date: endsBy.toISOString() } },
    });
    // Pending files stay pending; the mediators are told about them.
    const stillPending = await t.db.prisma.participant.count({ where: { mediationId, status: 'SUBMITTED' } });
    expect(stillPending).toBe(2);
    const toReview = await outbox(t, { kind: 'fileToReview', personId: null });
    expect(toReview.map((n) => n.dedupKey)).toContain(`pendingFilesAtClosing:${mediationId}`);

    // The registration clock is cancelled; the four clocks of the limit are set.
    expect((await timerOf(t, 'registrationClose', mediationId))?.cancelledAt).toEqual(now);
    for (const [kind, before] of [
      ['deadlineWarning14d', 14 * DAY],
      ['deadlineWarning7d', 7 * DAY],
      ['deadlineWarning1d', DAY],
      ['deadlineReached', 0],
    ] as const) {
      expect((await timerOf(t, kind, mediationId))?.dueAt).toEqual(new Date(endsBy.getTime() - before));
    }
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId, action: 'mediation.limitStarted' },
    });
    expect(audit.details).toEqual({ endsBy: endsBy.toISOString() });
    await expectEveryNotificationRenders(t);
  });

  it('sends no second notice to a file admitted after registration closed', async () => {
    const { mediationId, pending } = await openMediation(t, { admitted: 1, submitted: 1 });
    unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    const late = defined(pending[0]);
    unwrap(await t.core.admitParticipant(mediator, { participantId: late.participantId }));
    const notices = await outbox(t, { kind: 'openingNotice', personId: late.personId });
    expect(notices.map((n) => n.dedupKey)).toEqual([`openingNotice:${late.participantId}`]);
  });

  it('leaves the limit unstarted when no file was received', async () => {
    const { mediationId } = await openMediation(t, { admitted: 0 });
    const closed = unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    expect(closed).toMatchObject({ admitted: 0, pending: 0, endsBy: null });
    expect(await mediationRow(t, mediationId)).toMatchObject({ openingNoticeAt: null, endsBy: null });
    expect(await timerOf(t, 'deadlineReached', mediationId)).toBeNull();
  });

  it('happens by itself when the registration clock rings, and only once', async () => {
    const { mediationId, members } = await openMediation(t, { admitted: 1 });
    const row = await mediationRow(t, mediationId);
    t.clock.set(new Date(defined(row.registrationClosesAt).getTime() - 1000));
    await fireTimers(t);
    expect((await mediationRow(t, mediationId)).status).toBe('OPEN');
    t.clock.set(defined(row.registrationClosesAt));
    await fireTimers(t);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'REGISTRATION_CLOSED',
      openingNoticeAt: row.registrationClosesAt,
    });
    expect((await timerOf(t, 'registrationClose', mediationId))?.firedAt).toEqual(row.registrationClosesAt);
    expect(await outbox(t, { kind: 'openingNotice', personId: nth(members, 0).personId })).toHaveLength(1);
    const closings = await t.db.prisma.auditEntry.findMany({
      where: { mediationId, action: 'mediation.limitStarted' },
    });
    expect(closings).toHaveLength(1);
    expect(nth(closings, 0).actor).toBe('system:scheduler');
  });

  it('lets the clock do nothing when a mediator closed registration first', async () => {
    const { mediationId } = await openMediation(t, { admitted: 1 });
    unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    // Cancelled: the scheduler never picks it, even when due.
    t.clock.advance(20 * DAY);
    const report = await fireTimers(t);
    expect(report.fired.filter((f) => f.subjectId === mediationId && f.kind === 'registrationClose')).toEqual(
      [],
    );
    expect(
      await t.db.prisma.auditEntry.count({ where: { mediationId, action: 'mediation.limitStarted' } }),
    ).toBe(1);
  });
});

describe('inviting the company', () => {
  it('gives it 20 working days, sets that clock and tells the admitted participants', async () => {
    const { mediationId, members } = await openMediation(t, { admitted: 2, submitted: 1 });
    unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    const now = t.clock.now();
    const { companyAnswerDueAt } = unwrap(await t.core.inviteCompany(mediator, { mediationId }));
    expect(companyAnswerDueAt).toEqual(addWorkingDays(now, 20));
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'NEGOTIATION',
      companyInvitedAt: now,
      companyAnswerDueAt,
    });
    expect((await timerOf(t, 'companyAnswerDue', mediationId))?.dueAt).toEqual(companyAnswerDueAt);
    const invited = await outbox(t, { kind: 'companyInvited' });
    const keys = invited.map((n) => n.dedupKey);
    for (const m of members) expect(keys).toContain(`companyInvited:${m.participantId}`);
    expect(
      invited.filter((n) => keys.includes(n.dedupKey) && !members.some((m) => m.personId === n.personId)),
    ).toEqual([]);
    await expectEveryNotificationRenders(t);
  });

  it('needs at least one admitted participant', async () => {
    const { mediationId } = await openMediation(t, { admitted: 0, submitted: 1 });
    unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    expectRefused(
      await t.core.inviteCompany(mediator, { mediationId }),
      'RULE_VIOLATION',
      'mediations:errors.noAdmittedParticipants',
    );
    expect((await mediationRow(t, mediationId)).status).toBe('REGISTRATION_CLOSED');
  });
});

describe('illegal transitions', () => {
  it('are typed errors that leave the mediation unchanged', async () => {
    const draft = await createDraft(t);
    const { mediationId: open } = await openMediation(t, { admitted: 1 });
    const { mediationId: negotiating } = await inNegotiation(t, { admitted: 1 });
    const cancelled = await createDraft(t);
    unwrap(await t.core.cancelMediation(mediator, { mediationId: cancelled, reason: 'Doublon' }));
    const { mediationId: accepted } = await acceptedMediation(t, { admitted: 1 });

    const attempts: [string, () => Promise<{ ok: boolean }>][] = [
      ['close registration of a draft', () => t.core.closeRegistration(mediator, { mediationId: draft })],
      ['invite from a draft', () => t.core.inviteCompany(mediator, { mediationId: draft })],
      ['invite while registration is open', () => t.core.inviteCompany(mediator, { mediationId: open })],
      ['open registration twice', () => t.core.openRegistration(mediator, { mediationId: open })],
      [
        'close registration in negotiation',
        () => t.core.closeRegistration(mediator, { mediationId: negotiating }),
      ],
      ['invite twice', () => t.core.inviteCompany(mediator, { mediationId: negotiating })],
      [
        'fail a mediation still open',
        () => t.core.closeMediationAsFailed(mediator, { mediationId: open, reason: 'Trop tôt' }),
      ],
      ['cancel twice', () => t.core.cancelMediation(mediator, { mediationId: cancelled, reason: 'Encore' })],
      ['reopen a cancelled one', () => t.core.openRegistration(mediator, { mediationId: cancelled })],
      [
        'open adhesion in negotiation',
        () =>
          t.core.openAdhesion(mediator, {
            mediationId: negotiating,
            adhesionClosesAt: new Date(t.clock.now().getTime() + 3 * DAY),
          }),
      ],
      ['close adhesion in negotiation', () => t.core.closeAdhesion(mediator, { mediationId: negotiating })],
      [
        'succeed in negotiation',
        () => t.core.closeMediationAsSucceeded(mediator, { mediationId: negotiating }),
      ],
      ['invite after acceptance', () => t.core.inviteCompany(mediator, { mediationId: accepted })],
      [
        'record an offer after acceptance',
        () => t.core.recordOffer(mediator, { mediationId: accepted, ...fixedOffer() }),
      ],
      [
        'replace the accepted offer',
        () => t.core.replaceOffer(mediator, { mediationId: accepted, ...fixedOffer() }),
      ],
      [
        'fail an accepted mediation',
        () => t.core.closeMediationAsFailed(mediator, { mediationId: accepted, reason: 'Pas ici' }),
      ],
      ['close an adhesion never opened', () => t.core.closeAdhesion(mediator, { mediationId: accepted })],
      [
        'succeed before any payout',
        () => t.core.closeMediationAsSucceeded(mediator, { mediationId: accepted }),
      ],
    ];
    const ids = [draft, open, negotiating, cancelled, accepted];
    const before = await Promise.all(ids.map((id) => mediationRow(t, id)));
    const auditBefore = await t.db.prisma.auditEntry.count();
    for (const [what, attempt] of attempts) {
      const result = await attempt();
      expect(result, what).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    }
    expect(await Promise.all(ids.map((id) => mediationRow(t, id)))).toEqual(before);
    expect(await t.db.prisma.auditEntry.count()).toBe(auditBefore);
  });
});

describe('closing as failed', () => {
  it('ends a negotiation with the mediator’s reason, told to every party', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 2 });
    const reason = 'L’entreprise refuse toute indemnisation.';
    unwrap(await t.core.closeMediationAsFailed(mediator, { mediationId, reason }));
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: reason,
      closedAt: t.clock.now(),
    });
    expect((await timerOf(t, 'companyAnswerDue', mediationId))?.cancelledAt).toEqual(t.clock.now());
    const told = (await outbox(t, { kind: 'mediationClosed' })).filter((n) =>
      n.dedupKey.startsWith(`mediationClosed:${mediationId}:`),
    );
    expect(told.map((n) => n.personId).sort()).toEqual(members.map((m) => m.personId).sort());
    expect(told[0]?.payload).toMatchObject({
      textKey: 'mediations:notify.mediationFailed',
      params: { reason },
    });
    await expectEveryNotificationRenders(t);
  });
});
