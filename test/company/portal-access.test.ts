import { beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { companyActor, mediatorActor, personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { renderError } from '../../core/i18n/index.ts';
import { fileReference } from '../../core/references/short-id.ts';
import { fireDueTimers } from '../../core/scheduler/scheduler.ts';
import { outbox } from '../mediations/fixtures.ts';
import { done } from '../mediator/support.ts';
import { invitedCompany, portalLink } from '../support/company.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';

// The company at the table (issue 15): a one-time link opens a session for one mediation; the company
// answers the invitation from it, once; silence stays the deadline's refusal.
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const web = systemActor('web');
beforeEach(() => emptyAllTables(t.db));

let cases = 0;
/** A mediation whose company is invited, with one admitted file per amount (and a first link issued). */
const invitedMediation = (amounts: number[] = [10_000, 10_000]) =>
  invitedCompany(t, { slug: `case-${++cases}`, amounts, description: 'Zéphyrine a payé des frais cachés' });

const issue = (mediationId: string) => portalLink(t, mediationId);

const signIn = (token: string) =>
  t.core.signInCompany(web, {
    linkTokenHash: portalTokenHash(token),
    sessionTokenHash: portalTokenHash(newPortalToken()),
  });

describe('the company’s sign-in link', () => {
  it('opens a session once, for its mediation alone, valid until the answer is due', async () => {
    const m = await invitedMediation();
    const { token } = m;
    const link = await t.db.prisma.companyLink.findFirstOrThrow({ where: { mediationId: m.mediationId } });
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } });
    expect(link.expiresAt).toEqual(mediation.companyAnswerDueAt);
    // Only the hash is kept: the token itself is nowhere in the database.
    expect(JSON.stringify(await t.db.prisma.companyLink.findMany())).not.toContain(token);
    const session = unwrap(await signIn(token));
    expect(session).toMatchObject({ mediationId: m.mediationId, slug: m.slug, companyId: m.companyId });
    const again = await signIn(token);
    expect(again).toMatchObject({ ok: false, error: { messageKey: 'company:errors.linkInvalid' } });
    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: { startsWith: 'company.' } } });
    expect(audit.map((entry) => entry.action)).toEqual(['company.linkIssued', 'company.signedIn']);
    // Signed in through the web, and recorded as the company's own act once its link is known.
    expect(audit[1]?.actor).toBe(`company:${m.companyId}`);
    // The mediators are told once that the invitation reached someone.
    const told = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'companySignedIn' } });
    expect(
      told.map((message) => [message.audience, (message.payload as { textKey: string }).textKey]),
    ).toEqual([['mediators', 'company:notify.signedIn']]);
  });

  it('refuses a forged, an expired and a replaced link the same way', async () => {
    const m = await invitedMediation();
    const forged = await signIn(newPortalToken());
    expect(forged).toMatchObject({ ok: false, error: { messageKey: 'company:errors.linkInvalid' } });
    const old = await issue(m.mediationId);
    const current = await issue(m.mediationId);
    expect(await signIn(old)).toMatchObject({
      ok: false,
      error: { messageKey: 'company:errors.linkInvalid' },
    });
    t.clock.set(new Date(t.clock.now().getTime() + 40 * DAY));
    expect(await signIn(current)).toMatchObject({
      ok: false,
      error: { messageKey: 'company:errors.linkInvalid' },
    });
    expect(await t.db.prisma.companySession.count()).toBe(0);
  });

  it('is issued only once the company is invited, by a mediator', async () => {
    const m = await invitedMediation();
    const token = portalTokenHash(newPortalToken());
    expect(
      await t.core.issueCompanyLink(web, { mediationId: m.mediationId, tokenHash: token }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const company = await t.db.prisma.company.create({ data: { slug: 'other', name: 'Autre' } });
    const draft = await t.db.prisma.mediation.create({
      data: {
        slug: 'draft',
        companyId: company.id,
        titleFr: 'x',
        titleEn: 'x',
        summaryFr: 'x',
        summaryEn: 'x',
        goalFr: 'x',
        goalEn: 'x',
        createdBy: 'mediator:test',
      },
    });
    expect(
      await t.core.issueCompanyLink(mediator, { mediationId: draft.id, tokenHash: token }),
    ).toMatchObject({
      ok: false,
      error: { messageKey: 'company:errors.notInvited' },
    });
  });
});

describe('the company’s answer', () => {
  it('takes part: the silence clock stops, the mediators and the participants are told', async () => {
    const m = await invitedMediation();
    const company = companyActor(m.companyId, m.mediationId);
    unwrap(await t.core.answerInvitation(company, { answer: 'TAKE_PART' }));
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } });
    expect(mediation).toMatchObject({ status: 'NEGOTIATION', companyAnswer: 'TAKE_PART' });
    const timer = await t.db.prisma.timer.findFirst({
      where: { kind: 'companyAnswerDue', subjectId: m.mediationId },
    });
    expect(timer?.cancelledAt).not.toBeNull();
    const outbox = await t.db.prisma.outboxMessage.findMany({
      where: { kind: { in: ['companyAnswered', 'companyTakesPart'] } },
    });
    expect(outbox.map((row) => [row.kind, row.audience]).sort()).toEqual([
      ['companyAnswered', 'mediators'],
      ['companyTakesPart', 'group'],
    ]);
    // Once only.
    expect(await t.core.answerInvitation(company, { answer: 'TAKE_PART' })).toMatchObject({
      ok: false,
      error: { messageKey: 'company:errors.alreadyAnswered' },
    });
    const entry = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'company.answered' } });
    expect(entry.actor).toBe(`company:${m.companyId}`);
  });

  it('declines with a reason: the mediation ends as failed and everyone is told why', async () => {
    const m = await invitedMediation();
    const company = companyActor(m.companyId, m.mediationId);
    expect(await t.core.answerInvitation(company, { answer: 'DECLINED', reason: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    unwrap(
      await t.core.answerInvitation(company, { answer: 'DECLINED', reason: 'Nous contestons les faits.' }),
    );
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } });
    expect(mediation).toMatchObject({
      status: 'CLOSED_FAILURE',
      companyAnswer: 'DECLINED',
      closingReason: 'company_declined',
    });
    const closed = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'mediationClosed' } });
    expect(closed.payload).toMatchObject({
      textKey: 'mediations:notify.closedBecause.company_declined',
      params: { reason: 'Nous contestons les faits.' },
    });
    const toMediators = await t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'companyAnswered' },
    });
    expect(toMediators.payload).toMatchObject({ textKey: 'company:notify.declined' });
  });

  it('never reaches another mediation than the session’s', async () => {
    const mine = await invitedMediation();
    const other = await invitedMediation();
    // The actor names its mediation: the command has no way to name another.
    unwrap(
      await t.core.answerInvitation(companyActor(mine.companyId, mine.mediationId), { answer: 'TAKE_PART' }),
    );
    const untouched = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: other.mediationId } });
    expect(untouched.companyAnswer).toBeNull();
  });
});

describe('the pseudonymised file', () => {
  it('gives counts, amounts and dates under references, and no name or text', async () => {
    const m = await invitedMediation([12_000, 4_990, 30_000]);
    const file = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(file?.files).toHaveLength(3);
    expect(file?.amounts).toEqual({
      totalCents: 46_990,
      minCents: 4_990,
      medianCents: 12_000,
      maxCents: 30_000,
    });
    expect(file?.files.every((f) => /^[0-9A-F]{12}$/.test(f.reference))).toBe(true);
    expect(JSON.stringify(file)).not.toContain('Zéphyrine');
    // The problems' dates as a range, and each eligibility question's answers counted.
    const admitted = await t.db.prisma.participant.findMany({
      where: { mediationId: m.mediationId },
      orderBy: { id: 'asc' },
    });
    const days = ['2025-03-14', '2024-11-02', '2025-07-30'];
    const question = await t.db.prisma.eligibilityQuestion.create({
      data: {
        mediationId: m.mediationId,
        position: 9,
        textFr: 'Client·e ?',
        textEn: 'Customer?',
        requiredAnswer: true,
      },
    });
    for (const [i, participant] of admitted.entries()) {
      await t.db.prisma.participant.update({
        where: { id: participant.id },
        data: { problemDate: new Date(days[i] ?? '') },
      });
      await t.db.prisma.eligibilityAnswer.create({
        data: { participantId: participant.id, questionId: question.id, answer: i !== 1 },
      });
    }
    const dated = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(dated?.problemDates).toEqual({ first: new Date('2024-11-02'), last: new Date('2025-07-30') });
    expect(dated?.questions.at(-1)).toEqual({ text: { fr: 'Client·e ?', en: 'Customer?' }, yes: 2, no: 1 });
    // A participant who chooses to show the company their words: those, under the reference only.
    const [first] = await t.db.prisma.participant.findMany({
      where: { mediationId: m.mediationId },
      orderBy: { id: 'asc' },
    });
    const owner = personActor(first?.personId ?? '');
    unwrap(await t.core.shareDescription(owner, { participantId: first?.id ?? '', share: true }));
    const shared = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(shared?.files.filter((f) => f.description).map((f) => f.reference)).toEqual([
      fileReference(first?.id ?? ''),
    ]);
    expect(JSON.stringify(shared)).not.toContain(first?.personId);
    const stranger = await invitedMediation([1_000]);
    const other = await t.db.prisma.participant.findFirstOrThrow({
      where: { mediationId: stranger.mediationId },
    });
    expect(await t.core.shareDescription(owner, { participantId: other.id, share: true })).toMatchObject({
      ok: false,
    });
    unwrap(await t.core.shareDescription(owner, { participantId: first?.id ?? '', share: false }));
    const again = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(again?.files.every((f) => f.description === null)).toBe(true);
  });
});

describe('the company’s offer', () => {
  const terms = {
    terms: { fr: 'Remboursement de 80 % des frais', en: 'Refund of 80% of the fees' },
    compensation: { kind: 'PERCENT' as const, basisPoints: 8000, capCents: 50_000 },
  };

  it('is presented from the portal for its mediation only, answers the invitation and tells the mediators', async () => {
    const m = await invitedMediation();
    const other = await invitedMediation();
    const company = companyActor(m.companyId, m.mediationId);
    expect(await t.core.recordOffer(company, { mediationId: other.mediationId, ...terms })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const past = new Date(t.clock.now().getTime() - DAY);
    expect(
      await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms, validUntil: past }),
    ).toMatchObject({
      ok: false,
      error: { messageKey: 'mediations:errors.offerValidityPast' },
    });
    const validUntil = new Date(t.clock.now().getTime() + 10 * DAY);
    unwrap(await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms, validUntil }));
    const offer = await t.db.prisma.offer.findFirstOrThrow({ where: { mediationId: m.mediationId } });
    expect(offer).toMatchObject({
      round: 1,
      status: 'PROPOSED',
      recordedBy: `company:${m.companyId}`,
      validUntil,
    });
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } });
    expect(mediation.companyAnswer).toBe('TAKE_PART');
    const told = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'companyOffer' } });
    expect(told).toMatchObject({
      audience: 'mediators',
      payload: expect.objectContaining({ textKey: 'company:notify.offer' }),
    });
    // Its offer cannot be changed: a second one waits for the mediators' decision on the first.
    const again = await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms, validUntil });
    expect(again).toMatchObject({
      ok: false,
      error: { messageKey: 'mediations:errors.offerAlreadyOnTableForCompany' },
    });
    if (!again.ok)
      expect(renderError('fr', again.error)).toBe(
        'Votre offre attend déjà que l’équipe de médiation la soumette au vote ou vous la renvoie avec un commentaire\u00a0: une offre n’est jamais modifiée.',
      );
    // The vote must give its answer while the company holds to its offer.
    const late = await t.core.openVote(mediator, {
      mediationId: m.mediationId,
      closesAt: new Date(validUntil.getTime() + DAY),
    });
    expect(late).toMatchObject({ ok: false, error: { messageKey: 'votes:errors.offerExpiresBeforeClose' } });
    unwrap(
      await t.core.openVote(mediator, {
        mediationId: m.mediationId,
        closesAt: new Date(validUntil.getTime() - DAY),
      }),
    );
    // Nor during its vote.
    expect(
      await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms, validUntil }),
    ).toMatchObject({ ok: false, error: { messageKey: 'mediations:errors.noOfferNow' } });
    expect(await t.db.prisma.offer.count({ where: { mediationId: m.mediationId } })).toBe(1);
  });

  it('sent back by the mediators with a comment frees its round for the next one', async () => {
    const m = await invitedMediation();
    const company = companyActor(m.companyId, m.mediationId);
    unwrap(await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms }));
    // As the mediators do it, from Slack or the command line.
    const { slug } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } });
    const sentBack = await done(t, 'return-offer', { mediation: slug, comment: 'Précisez le plafond.' });
    expect(sentBack.text).toContain('Offre du tour 1 renvoyée à l’entreprise');
    expect(await t.db.prisma.offer.count({ where: { mediationId: m.mediationId } })).toBe(0);
    const file = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(file?.mediation.offerReturned?.comment).toBe('Précisez le plafond.');
    unwrap(await t.core.recordOffer(company, { mediationId: m.mediationId, ...terms }));
    const again = await t.core.query.companyFile({ mediationId: m.mediationId });
    expect(again?.offers.map((offer) => [offer.round, offer.status])).toEqual([[1, 'PROPOSED']]);
    expect(again?.mediation.offerReturned).toBeNull();
  });
});

describe('the company’s deadline', () => {
  it('reminds the mediators 5 and 1 working days before, unless the company answered', async () => {
    const m = await invitedMediation();
    const answered = await invitedMediation();
    unwrap(
      await t.core.answerInvitation(companyActor(answered.companyId, answered.mediationId), {
        answer: 'TAKE_PART',
      }),
    );
    const five = await t.db.prisma.timer.findFirstOrThrow({
      where: { kind: 'companyReminder5d', subjectId: m.mediationId },
    });
    const one = await t.db.prisma.timer.findFirstOrThrow({
      where: { kind: 'companyReminder1d', subjectId: m.mediationId },
    });
    const due = (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } }))
      .companyAnswerDueAt;
    expect(five.dueAt < one.dueAt && one.dueAt < (due as Date)).toBe(true);
    t.clock.set(one.dueAt);
    await fireDueTimers(t.core.deps, { limit: 100, instanceId: 'test' });
    const reminders = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'companyAnswerReminder' } });
    expect(reminders.map((row) => row.dedupKey).sort()).toEqual([
      `companyAnswerReminder:${m.mediationId}:1`,
      `companyAnswerReminder:${m.mediationId}:5`,
    ]);
    // Fired again (a second instance, a restart): nothing more.
    await fireDueTimers(t.core.deps, { limit: 100, instanceId: 'test' });
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'companyAnswerReminder' } })).toBe(2);
  });

  it('records the silence once when the service was down at the deadline', async () => {
    const m = await invitedMediation();
    const due = (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } }))
      .companyAnswerDueAt;
    t.clock.set(new Date((due as Date).getTime() + 3 * DAY));
    await fireDueTimers(t.core.deps, { limit: 100, instanceId: 'a' });
    await fireDueTimers(t.core.deps, { limit: 100, instanceId: 'b' });
    expect(await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } })).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'company_silent',
    });
    expect(
      await t.db.prisma.auditEntry.count({
        where: { action: 'mediation.companySilent', mediationId: m.mediationId },
      }),
    ).toBe(1);
    expect(
      await t.db.prisma.outboxMessage.count({
        where: {
          kind: 'companyAnswerOverdue',
          payload: { path: ['refs', 'mediationId'], equals: m.mediationId },
        },
      }),
    ).toBe(1);
    // Each participant is told once, though two instances fired the late clock.
    const files = await t.db.prisma.participant.findMany({ where: { mediationId: m.mediationId } });
    const told = (await outbox(t, { kind: 'mediationClosed' })).filter((row) =>
      row.dedupKey.startsWith(`mediationClosed:${m.mediationId}:`),
    );
    expect(told.map((row) => row.personId).sort()).toEqual(files.map((file) => file.personId).sort());
  });
});
