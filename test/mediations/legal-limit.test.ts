import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { addParisDays } from '../../core/clock/working-days.ts';
import { limitsFromConfig } from '../../core/deps.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import {
  formatDate,
  formatDateTime,
  type NotificationPayload,
  renderError,
  renderNotification,
  t as translate,
} from '../../core/i18n/index.ts';
import { chatUser } from '../conversation/joining-driver.ts';
import { act } from '../mediator/support.ts';
import {
  complaint,
  createOpenMediation,
  createPerson,
  joinEligible,
  submittedFile,
} from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';
import {
  acceptedMediation,
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
  outbox,
  timerOf,
} from './fixtures.ts';

// The law's clock of a mediation (Code de la consommation L612-2, R612-2, R612-5; issue 12): the notice
// of seizure on receipt of a file, the 90 days it starts, no step planned past them, the warnings, and
// the failed close when they run out.
const t = useTestCore({ checkAuditChain: true });

const text = (locale: 'fr' | 'en', row: { payload: unknown }) =>
  renderNotification(locale, row.payload as NotificationPayload);

describe('the notice of seizure, on receipt of a file (R612-2)', () => {
  it('goes to the person as soon as their file is submitted, and the first one starts the 90 days', async () => {
    const context = await createOpenMediation(t);
    const first = await submittedFile(t, context);
    const receivedAt = t.clock.now();
    const endsBy = addParisDays(receivedAt, 90);
    expect(await mediationRow(t, context.mediation.id)).toMatchObject({
      status: 'OPEN',
      openingNoticeAt: receivedAt,
      endsBy,
    });
    for (const [kind, before] of [
      ['deadlineWarning14d', 14 * DAY],
      ['deadlineWarning7d', 7 * DAY],
      ['deadlineWarning1d', DAY],
      ['deadlineReached', 0],
    ] as const) {
      expect((await timerOf(t, kind, context.mediation.id))?.dueAt).toEqual(
        new Date(endsBy.getTime() - before),
      );
    }

    // One message to the person, in their chat (a Telegram identity here), in French and in English.
    const [notice, ...others] = await outbox(t, { personId: first.personId });
    expect(others).toEqual([]);
    expect(notice).toMatchObject({
      kind: 'openingNotice',
      audience: 'person',
      dedupKey: `openingNotice:${first.participantId}`,
    });
    const decisionDue = new Date(receivedAt.getTime() + 21 * DAY);
    expect(text('fr', defined(notice))).toBe(
      'Médiation «\u00a0Frais cachés RED by SFR\u00a0»\u00a0: nous avons bien reçu votre dossier. La médiation ' +
        'est désormais saisie de votre demande. Elle doit aboutir au plus tard le 31 mai 2026 à 10\u00a0h\u00a0; l’équipe de ' +
        'médiation ne peut prolonger ce délai qu’en vous en donnant le motif. Les médiateurs examineront votre ' +
        'dossier et vous diront s’il est accepté au plus tard le 23 mars 2026 à 10\u00a0h. Vous pouvez vous ' +
        'retirer de la médiation à tout moment, sans frais, avec /retirer.',
    );
    expect(decisionDue).toEqual(new Date('2026-03-23T09:00:00Z'));
    expect(text('en', defined(notice))).toContain(
      'we have received your file. The mediation now handles your claim. It must reach its outcome by ' +
        'May 31, 2026 at 10:00 AM at the latest',
    );
    expect(text('en', defined(notice))).toContain('You can withdraw from the mediation at any time');

    // A later file gets its own notice; the limit stays where the first one set it.
    t.clock.advance(3 * DAY);
    const second = await submittedFile(t, context);
    expect((await mediationRow(t, context.mediation.id)).endsBy).toEqual(endsBy);
    const [secondNotice] = await outbox(t, { personId: second.personId, kind: 'openingNotice' });
    expect(secondNotice?.payload).toMatchObject({ params: { endsBy: { date: endsBy.toISOString() } } });
    expect(
      await t.db.prisma.auditEntry.count({
        where: { mediationId: context.mediation.id, action: 'mediation.limitStarted' },
      }),
    ).toBe(1);

    // Closing registration, then admitting, sends nobody a second notice of seizure.
    unwrap(await t.core.closeRegistration(mediator, { mediationId: context.mediation.id }));
    unwrap(await t.core.admitParticipant(mediator, { participantId: first.participantId }));
    expect((await mediationRow(t, context.mediation.id)).endsBy).toEqual(endsBy);
    const notices = await outbox(t, { kind: 'openingNotice' });
    expect(
      notices
        .filter((n) => [first.personId, second.personId].includes(n.personId ?? ''))
        .map((n) => n.dedupKey),
    ).toEqual([`openingNotice:${first.participantId}`, `openingNotice:${second.participantId}`]);
    await expectEveryNotificationRenders(t);
  });

  it('is started once when the first files arrive at the same instant, and each of them is received', async () => {
    const context = await createOpenMediation(t);
    const drafts = [];
    // Six at once: each first file once share-locked the mediation, then all wanted to update it, and
    // their deadlocks outlasted the retries (a person was told « erreur interne »).
    for (let i = 0; i < 6; i++) {
      const person = await createPerson(t);
      const participantId = await joinEligible(t, person.actor, context);
      unwrap(await t.core.describeComplaint(person.actor, { participantId, ...complaint }));
      drafts.push({ ...person, participantId });
    }
    const results = await Promise.all(
      drafts.map((draft) => t.core.submitFile(draft.actor, { participantId: draft.participantId })),
    );
    for (const result of results) expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(
      await t.db.prisma.auditEntry.count({
        where: { mediationId: context.mediation.id, action: 'mediation.limitStarted' },
      }),
    ).toBe(1);
    const endsBy = defined((await mediationRow(t, context.mediation.id)).endsBy);
    for (const draft of drafts) {
      const [notice] = await outbox(t, { personId: draft.personId, kind: 'openingNotice' });
      expect(notice?.payload).toMatchObject({ params: { endsBy: { date: endsBy.toISOString() } } });
    }
  });

  it('reaches, at the closing of registration, a file received before notices went out on receipt', async () => {
    const context = await createOpenMediation(t);
    const legacy = await insertParticipant(t.db, context.mediation.id, t.clock.now(), {
      status: 'SUBMITTED',
    });
    t.clock.advance(HOUR);
    const recent = await submittedFile(t, context);
    const endsBy = defined((await mediationRow(t, context.mediation.id)).endsBy);
    unwrap(await t.core.closeRegistration(mediator, { mediationId: context.mediation.id }));
    const [late, ...again] = await outbox(t, { personId: legacy.personId, kind: 'openingNotice' });
    expect(again).toEqual([]);
    expect(late?.payload).toMatchObject({
      textKey: 'mediations:notify.openingNotice',
      params: { endsBy: { date: endsBy.toISOString() } },
    });
    expect(await outbox(t, { personId: recent.personId, kind: 'openingNotice' })).toHaveLength(1);
    expect((await mediationRow(t, context.mediation.id)).endsBy).toEqual(endsBy);
  });

  it('is stated on the mediation’s card before joining, with the date once it is known', async () => {
    const context = await createOpenMediation(t);
    const visitor = chatUser(t, 'visiteur-delai');
    await visitor.command('start', context.mediation.slug);
    expect(visitor.text()).toContain(
      'Délai\u00a0: la médiation doit aboutir dans les 90 jours qui suivent l’avis de réception du ' +
        'premier dossier. L’équipe de médiation ne peut le prolonger qu’en donnant le motif à chaque participant·e.',
    );
    await submittedFile(t, context);
    const endsBy = defined((await mediationRow(t, context.mediation.id)).endsBy);
    await visitor.command('start', context.mediation.slug);
    expect(visitor.text()).toContain(
      `Délai\u00a0: la médiation doit aboutir au plus tard le ${formatDate(endsBy, 'fr')}, 90 jours après ` +
        'l’avis de réception du premier dossier.',
    );
    expect(translate('en', 'joining:details.legalLimitDate', { endsBy: '31 May 2026' })).toBe(
      'Time limit: the mediation must reach its outcome by 31 May 2026 at the latest, 90 days after the notice ' +
        'of receipt of the first file. The mediation team may only extend it by giving every participant the reason.',
    );
  });
});

describe('registration lasts at most REGISTRATION_MAX_DAYS', () => {
  it('is checked when the mediation opens, with the configured number of days', async () => {
    expect(
      limitsFromConfig({ MAX_CLAIM_EUROS: 1, MAX_EVIDENCE_MB: 1, REGISTRATION_MAX_DAYS: 10 }),
    ).toMatchObject({
      maxRegistrationDays: 10,
    });
    const limits = t.core.deps.limits;
    const before = limits.maxRegistrationDays;
    limits.maxRegistrationDays = 10;
    try {
      const mediationId = await createDraft(t);
      const now = t.clock.now();
      const tooLate = await t.core.openRegistration(mediator, {
        mediationId,
        registrationClosesAt: new Date(now.getTime() + 11 * DAY),
      });
      expectRefused(tooLate, 'RULE_VIOLATION', 'mediations:errors.registrationTooLong');
      if (!tooLate.ok) {
        expect(tooLate.error.params).toEqual({ count: 10, latest: addParisDays(now, 10).toISOString() });
        expect(renderError('en', tooLate.error)).toContain('Registration lasts at most 10 days');
      }
      expect((await mediationRow(t, mediationId)).status).toBe('DRAFT');
      unwrap(
        await t.core.openRegistration(mediator, { mediationId, registrationClosesAt: addParisDays(now, 10) }),
      );
      expect((await mediationRow(t, mediationId)).status).toBe('OPEN');
    } finally {
      limits.maxRegistrationDays = before;
    }
  });
});

describe('nothing is planned past the limit (L612-2)', () => {
  it('refuses a vote that would close after it, or an extension of the vote past it, saying how to extend', async () => {
    const { mediationId } = await inNegotiation(t, { admitted: 2 });
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    t.clock.set(new Date(endsBy.getTime() - 5 * DAY));

    const late = await t.core.openVote(mediator, {
      mediationId,
      closesAt: new Date(endsBy.getTime() + HOUR),
    });
    expectRefused(late, 'RULE_VIOLATION', 'votes:errors.voteAfterMediationEnd');
    if (late.ok) return;
    expect(late.error.params).toMatchObject({ endsBy: endsBy.toISOString() });
    expect(renderError('fr', late.error)).toContain(
      `la date limite de la médiation, le ${formatDateTime(endsBy, 'fr')}\u00a0: la loi lui laisse 90 jours`,
    );
    expect(renderError('fr', late.error)).toMatch(
      /prolongez d’abord la médiation en indiquant un motif \(extend-mediation red-fees-/,
    );
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');

    const { voteId } = unwrap(
      await t.core.openVote(mediator, { mediationId, closesAt: new Date(endsBy.getTime() - HOUR) }),
    );
    expectRefused(
      await t.core.extendVote(mediator, { voteId, hours: 2, reason: 'Plus de temps pour voter' }),
      'RULE_VIOLATION',
      'votes:errors.voteAfterMediationEnd',
    );
    // Up to the limit itself is allowed.
    unwrap(await t.core.extendVote(mediator, { voteId, hours: 1, reason: 'Plus de temps pour voter' }));
    expect((await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).closesAt).toEqual(endsBy);
  });

  it('refuses an adhesion window past it, and brings a payout’s follow-up back to it', async () => {
    const { mediationId } = await acceptedMediation(t, { admitted: 2 });
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    expectRefused(
      await t.core.openAdhesion(mediator, {
        mediationId,
        adhesionClosesAt: new Date(endsBy.getTime() + DAY),
      }),
      'RULE_VIOLATION',
      'agreement:errors.adhesionAfterMediationEnd',
    );
    // Through the mediators' actions, the same refusal in words.
    const refused = await act(t, 'open-adhesion', {
      mediation: mediationId,
      closesAt: new Date(endsBy.getTime() + DAY).toISOString().slice(0, 16),
    });
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain('Les adhésions se termineraient après la date limite de la médiation');

    t.clock.set(new Date(endsBy.getTime() - 30 * DAY));
    unwrap(
      await t.core.openAdhesion(mediator, {
        mediationId,
        adhesionClosesAt: new Date(endsBy.getTime() - 25 * DAY),
      }),
    );
    const electors = await t.db.prisma.participant.findMany({ where: { mediationId, status: 'ADMITTED' } });
    for (const elector of electors) {
      unwrap(
        await t.core.decideAdhesion(personActor(elector.personId), { mediationId, decision: 'ADHERED' }),
      );
    }
    unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
    const payout = await t.db.prisma.payout.findFirstOrThrow({ where: { offer: { mediationId } } });

    // Ten days before the limit, a payment is still recorded; its follow-up comes at the limit at the
    // latest, not 14 days later.
    t.clock.set(new Date(endsBy.getTime() - 10 * DAY));
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payout.id }));
    expect((await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe('SENT');
    const followUp = await t.db.prisma.timer.findMany({
      where: { subjectId: payout.id, kind: { in: ['payoutReminder', 'payoutAlert'] } },
      orderBy: { kind: 'asc' },
    });
    expect(followUp.map((timer) => [timer.kind, timer.dueAt])).toEqual([
      ['payoutAlert', endsBy],
      ['payoutReminder', new Date(endsBy.getTime() - 3 * DAY)],
    ]);
  });
});

describe('the 90-day limit’s clocks', () => {
  const deadlineKeys = async (mediationId: string) =>
    (await outbox(t, { kind: 'mediationDeadline', personId: null }))
      .filter((n) => n.dedupKey.includes(mediationId))
      .map((n) => n.dedupKey);

  it('warn the mediators 14, 7 and 1 days before', async () => {
    const { mediationId } = await inNegotiation(t);
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    const key = (kind: string) => `mediationDeadline:${kind}:${mediationId}:${endsBy.toISOString()}`;
    t.clock.set(new Date(endsBy.getTime() - 14 * DAY - HOUR));
    await fireTimers(t);
    expect(await deadlineKeys(mediationId)).toEqual([]);
    t.clock.set(new Date(endsBy.getTime() - 14 * DAY));
    await fireTimers(t);
    expect(await deadlineKeys(mediationId)).toEqual([key('deadlineWarning14d')]);
    t.clock.set(new Date(endsBy.getTime() - 7 * DAY));
    await fireTimers(t);
    t.clock.set(new Date(endsBy.getTime() - DAY));
    await fireTimers(t);
    const keys = await deadlineKeys(mediationId);
    expect(keys).toEqual([key('deadlineWarning14d'), key('deadlineWarning7d'), key('deadlineWarning1d')]);
    const lastDay = (await outbox(t, { kind: 'mediationDeadline', personId: null })).find(
      (n) => n.dedupKey === key('deadlineWarning1d'),
    );
    expect(text('fr', defined(lastDay))).toContain('il reste 1 jour avant la fin du délai légal');
    expect(text('fr', defined(lastDay))).toContain('elle sera close sans accord pour délai légal dépassé');
    expect(text('en', defined(lastDay))).toContain("1 day is left before the mediation's legal time limit");
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
  });

  it('warn without threatening a close once an offer was accepted', async () => {
    const { mediationId } = await acceptedMediation(t, { admitted: 2 });
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    t.clock.set(new Date(endsBy.getTime() - 7 * DAY));
    await fireTimers(t);
    const [warning] = (await outbox(t, { kind: 'mediationDeadline', personId: null })).filter(
      (n) => n.dedupKey === `mediationDeadline:deadlineWarning7d:${mediationId}:${endsBy.toISOString()}`,
    );
    expect(text('fr', defined(warning))).toContain(
      'il reste 7 jours avant la fin du délai légal de la médiation, le',
    );
    expect(text('fr', defined(warning))).toContain('Une offre a été acceptée\u00a0: terminez la médiation');
    expect(text('fr', defined(warning))).not.toContain('close sans accord');
  });

  it('close the mediation as failed at the limit, « délai légal dépassé »: everyone told, waiting files closed', async () => {
    const { mediationId, members, pending } = await inNegotiation(t, { admitted: 2, submitted: 1 });
    // The company answered (otherwise its silence would end the mediation first).
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    t.clock.set(endsBy);
    await fireTimers(t);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'legal_deadline_passed',
      closedAt: endsBy,
    });

    // Every participant is told why, in their language.
    const closed = (await outbox(t, { kind: 'mediationClosed' })).filter((n) =>
      n.dedupKey.startsWith(`mediationClosed:${mediationId}:`),
    );
    expect(closed.map((n) => n.personId).sort()).toEqual(
      [...members, ...pending].map((m) => m.personId).sort(),
    );
    expect(text('fr', nth(closed, 0))).toContain(
      'le délai légal de la médiation est dépassé sans qu’un accord',
    );
    expect(text('en', nth(closed, 0))).toContain(
      "the mediation's legal time limit has passed without an agreement",
    );

    // The file still waiting for a decision is closed, with its reason, and its owner told.
    const waiting = nth(pending, 0);
    expect(
      await t.db.prisma.participant.findUniqueOrThrow({ where: { id: waiting.participantId } }),
    ).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'mediation_ended',
      decidedBy: 'system:mediation-ended',
      decidedAt: endsBy,
    });
    const [fileClosed, ...more] = await outbox(t, { personId: waiting.personId, kind: 'fileClosed' });
    expect(more).toEqual([]);
    expect(text('fr', defined(fileClosed))).toBe(
      'Médiation «\u00a0Frais cachés RED\u00a0»\u00a0: la médiation a pris fin avant que votre dossier ait pu ' +
        'être examiné. Il est donc clos, sans décision.',
    );
    expect(text('en', defined(fileClosed))).toContain(
      'the mediation ended before your file could be reviewed',
    );
    // Its owner learns why the mediation ended too, once, besides the file's own notice.
    const toOwner = (await outbox(t, { personId: waiting.personId })).filter(
      (n) => n.createdAt.getTime() === endsBy.getTime(),
    );
    expect(toOwner.map((n) => n.dedupKey).sort()).toEqual([
      `fileClosed:${waiting.participantId}`,
      `mediationClosed:${mediationId}:${waiting.personId}`,
    ]);
    const files = await t.core.query.myFiles({ personId: waiting.personId });
    expect(JSON.stringify(files)).toContain('participants:next.closedMediationEnded');

    // The mediators are told what happened.
    const [told] = (await outbox(t, { kind: 'mediationDeadline', personId: null })).filter(
      (n) => n.dedupKey === `mediationDeadline:reached:${mediationId}:${endsBy.toISOString()}`,
    );
    expect(text('fr', defined(told))).toContain('Elle est close sans accord, pour délai légal dépassé');
    const show = await act(t, 'show', { mediation: mediationId });
    expect(show.text).toContain('délai légal dépassé');

    const audit = await t.db.prisma.auditEntry.findMany({
      where: { mediationId, actor: 'system:scheduler' },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((e) => [e.action, e.details])).toEqual([
      ['mediation.deadlineReached', { status: 'NEGOTIATION', closed: true }],
      [
        'mediation.status',
        { from: 'NEGOTIATION', to: 'CLOSED_FAILURE', reasonCode: 'legal_deadline_passed' },
      ],
      ['participant.closedUndecided', { from: 'SUBMITTED', to: 'REJECTED', reason: 'mediation_ended' }],
    ]);
    await expectEveryNotificationRenders(t);
  });

  it('ring late after downtime: the mediation closes once, with no stale warning', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 2 });
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    // The process was down from well before the first warning until five days past the limit.
    t.clock.set(new Date(endsBy.getTime() + 5 * DAY));
    await fireTimers(t);
    await fireTimers(t);
    const restarted = new Date(endsBy.getTime() + 5 * DAY);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'legal_deadline_passed',
      closedAt: restarted,
    });
    expect(await deadlineKeys(mediationId)).toEqual([
      `mediationDeadline:reached:${mediationId}:${endsBy.toISOString()}`,
    ]);
    t.clock.advance(DAY);
    await fireTimers(t);
    expect(
      await t.db.prisma.auditEntry.count({ where: { mediationId, action: 'mediation.deadlineReached' } }),
    ).toBe(1);
    const closed = (await outbox(t, { kind: 'mediationClosed' })).filter((n) =>
      n.dedupKey.startsWith(`mediationClosed:${mediationId}:`),
    );
    expect(closed.map((n) => n.personId).sort()).toEqual(members.map((m) => m.personId).sort());
    expect((await timerOf(t, 'deadlineReached', mediationId))?.firedAt).toEqual(restarted);
  });

  it('close a vote due at the limit first: an accepted offer keeps the mediation, the mediators are told', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 2 });
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    t.clock.set(new Date(endsBy.getTime() - 7 * DAY));
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt: endsBy }));
    for (const member of members) {
      unwrap(await t.core.castBallot(personActor(member.personId), { voteId, choice: 'ACCEPT' }));
    }
    // Down over the vote's close and the limit, which fall at the same instant.
    t.clock.set(new Date(endsBy.getTime() + 2 * HOUR));
    await fireTimers(t);
    expect((await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).outcome).toBe('ACCEPTED');
    expect(await mediationRow(t, mediationId)).toMatchObject({ status: 'ACCEPTED', closedAt: null });
    const [told] = (await outbox(t, { kind: 'mediationDeadline', personId: null })).filter(
      (n) => n.dedupKey === `mediationDeadline:reached:${mediationId}:${endsBy.toISOString()}`,
    );
    expect(text('fr', defined(told))).toContain(
      'Une offre a été acceptée, la médiation n’a donc pas été close',
    );
    expect(
      await t.db.prisma.auditEntry.findFirstOrThrow({
        where: { mediationId, action: 'mediation.deadlineReached' },
      }),
    ).toMatchObject({ details: { status: 'ACCEPTED', closed: false } });
  });

  it('an extension with a reason keeps the mediation open, and every party is told', async () => {
    const { mediationId, members, pending } = await inNegotiation(t, { admitted: 2, submitted: 1 });
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const endsBy = defined((await mediationRow(t, mediationId)).endsBy);
    t.clock.set(new Date(endsBy.getTime() - DAY));
    expectRefused(
      await t.core.extendMediation(mediator, { mediationId, reason: '' }),
      'INVALID_INPUT',
      'errors:invalidInput',
    );
    const reason = 'L’entreprise finalise une offre chiffrée.';
    const { endsBy: newEndsBy } = unwrap(
      await t.core.extendMediation(mediator, { mediationId, reason, days: 15 }),
    );
    t.clock.set(endsBy);
    await fireTimers(t);
    expect((await mediationRow(t, mediationId)).status).toBe('NEGOTIATION');
    const extended = await outbox(t, { kind: 'mediationExtended' });
    const mine = extended.filter((n) => [...members, ...pending].some((m) => m.personId === n.personId));
    expect(mine).toHaveLength(3);
    expect(text('fr', nth(mine, 0))).toContain(`Motif\u00a0: ${reason}`);
    expect(text('fr', nth(mine, 0))).toContain('prolonge la médiation de 15 jours');
    t.clock.set(newEndsBy);
    await fireTimers(t);
    expect(await mediationRow(t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'legal_deadline_passed',
    });
  });
});

describe('the migration to warnings 14, 7 and 1 days before', () => {
  it('gives a limit still running its 7- and 1-day warnings, and drops the 3-day one nothing handles', async () => {
    const { mediationId } = await inNegotiation(t);
    // The migration compares with the database's own time: a limit ten days after it.
    const endsBy = new Date(Date.now() + 10 * DAY);
    await t.db.prisma.mediation.update({ where: { id: mediationId }, data: { endsBy } });
    await t.db.prisma.timer.deleteMany({
      where: { subjectId: mediationId, kind: { in: ['deadlineWarning7d', 'deadlineWarning1d'] } },
    });
    await t.db.prisma.timer.updateMany({
      where: { subjectId: mediationId, kind: 'deadlineReached' },
      data: { dueAt: endsBy },
    });
    await t.db.prisma.timer.create({
      data: {
        kind: 'deadlineWarning3d',
        subjectId: mediationId,
        dueAt: new Date(endsBy.getTime() - 3 * DAY),
      },
    });
    const sql = readFileSync(
      new URL('../../prisma/migrations/20261204100000_legal_limit_warnings/migration.sql', import.meta.url),
      'utf8',
    );
    for (const statement of sql.replace(/^--.*$/gm, '').split(';')) {
      if (statement.trim()) await t.db.prisma.$executeRawUnsafe(statement);
    }
    const timers = await t.db.prisma.timer.findMany({
      where: { subjectId: mediationId, kind: { startsWith: 'deadline' } },
    });
    const dueAt = Object.fromEntries(timers.map((timer) => [timer.kind, timer.dueAt.getTime()]));
    expect(Object.keys(dueAt).sort()).toEqual([
      'deadlineReached',
      'deadlineWarning14d',
      'deadlineWarning1d',
      'deadlineWarning7d',
    ]);
    expect(dueAt).toMatchObject({
      deadlineWarning7d: endsBy.getTime() - 7 * DAY,
      deadlineWarning1d: endsBy.getTime() - DAY,
      deadlineReached: endsBy.getTime(),
    });
  });
});
