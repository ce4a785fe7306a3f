import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { allConsents, complaint, createOpenMediation, createPerson, joinEligible } from './fixtures.ts';

const t = useTestCore();

const refusal = (messageKey: string, code = 'RULE_VIOLATION') => ({
  ok: false,
  error: expect.objectContaining({ code, messageKey }),
});

describe('joining a mediation', () => {
  it('records each consent with its time and starts a draft', async () => {
    const { mediation } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const { participantId } = unwrap(
      await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents }),
    );
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({
      status: 'DRAFT',
      consentTermsAt: t.clock.now(),
      consentGroupingAt: t.clock.now(),
      consentDataAt: t.clock.now(),
    });
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'participant.joined' } });
    expect(audit).toMatchObject({ mediationId: mediation.id, subjectId: participantId });
  });

  it.each([
    ['terms', 'consentTermsMissing'],
    ['grouping', 'consentGroupingMissing'],
    ['dataProcessing', 'consentDataMissing'],
  ])('refuses without the %s consent, and creates nothing', async (consent, key) => {
    const { mediation } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const result = await t.core.joinMediation(actor, {
      mediationId: mediation.id,
      consents: { ...allConsents, [consent]: false },
    });
    expect(result).toEqual(refusal(`participants:errors.${key}`));
    expect(await t.db.prisma.participant.count({ where: { mediationId: mediation.id } })).toBe(0);
  });

  it('lets a person join a mediation only once, with a clear refusal the second time', async () => {
    const { mediation } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const first = unwrap(
      await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents }),
    );
    const second = await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents });
    expect(second).toEqual(refusal('participants:errors.alreadyJoined'));
    expect(second.ok || second.error.params).toEqual({ participantId: first.participantId });
  });

  it('gives the same clear refusal to a double tap arriving twice at once', async () => {
    const { mediation } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const input = { mediationId: mediation.id, consents: allConsents };
    const results = await Promise.all([
      t.core.joinMediation(actor, input),
      t.core.joinMediation(actor, input),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual(refusal('participants:errors.alreadyJoined'));
  });

  it('sends a person who withdrew to the mediators instead of silently rejoining', async () => {
    const context = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    unwrap(await t.core.withdraw(actor, { participantId }));
    const again = await t.core.joinMediation(actor, {
      mediationId: context.mediation.id,
      consents: allConsents,
    });
    expect(again).toEqual(refusal('participants:errors.withdrawnEarlier'));
  });

  it('refuses once registration has closed, by the clock or by status', async () => {
    const { mediation } = await createOpenMediation(t, { closesInDays: 1 });
    const { actor } = await createPerson(t);
    t.clock.advance(DAY);
    const late = await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents });
    expect(late).toEqual(refusal('participants:errors.registrationClosed'));
    t.clock.advance(-DAY);

    await t.db.prisma.mediation.update({ where: { id: mediation.id }, data: { status: 'NEGOTIATION' } });
    const closed = await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents });
    expect(closed).toEqual(refusal('participants:errors.registrationNotOpen'));
  });

  it('refuses an unknown mediation, a mediator and an erased person', async () => {
    const { actor } = await createPerson(t);
    const unknown = await t.core.joinMediation(actor, {
      mediationId: '00000000-0000-4000-8000-000000000000',
      consents: allConsents,
    });
    expect(unknown).toEqual(refusal('errors:mediationNotFound', 'NOT_FOUND'));
    const { mediation } = await createOpenMediation(t);
    const asMediator = await t.core.joinMediation(mediatorActor('U1'), {
      mediationId: mediation.id,
      consents: allConsents,
    } as never);
    expect(asMediator).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const erased = await t.db.prisma.person.create({ data: { erasedAt: t.clock.now() } });
    const ghost = await t.core.joinMediation(personActor(erased.id), {
      mediationId: mediation.id,
      consents: allConsents,
    });
    expect(ghost).toEqual(refusal('errors:personNotFound', 'NOT_FOUND'));
  });
});

describe('answering the eligibility questions', () => {
  it('keeps right answers, one question at a time', async () => {
    const { mediation, questions } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const { participantId } = unwrap(
      await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents }),
    );
    const [first, second] = questions;
    if (!first || !second) throw new Error('two questions expected');
    const one = unwrap(
      await t.core.answerEligibility(actor, {
        participantId,
        answers: [{ questionId: first.id, answer: true }],
      }),
    );
    expect(one).toEqual({ answered: 1, remaining: 1 });
    const two = unwrap(
      await t.core.answerEligibility(actor, {
        participantId,
        answers: [{ questionId: second.id, answer: false }],
      }),
    );
    expect(two).toEqual({ answered: 2, remaining: 0 });
    expect(await t.db.prisma.eligibilityAnswer.count({ where: { participantId } })).toBe(2);
  });

  it('refuses an answer that rules the person out, says which question, and keeps nothing', async () => {
    const { mediation, questions } = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const { participantId } = unwrap(
      await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents }),
    );
    const answers = questions.map((question) => ({ questionId: question.id, answer: true }));
    const result = await t.core.answerEligibility(actor, { participantId, answers });
    expect(result).toEqual(refusal('participants:errors.notEligible'));
    expect(!result.ok && result.error.params).toEqual({ question: 2 });
    expect(await t.db.prisma.eligibilityAnswer.count({ where: { participantId } })).toBe(0);
    // A slip of the finger can be corrected: the draft is still there.
    const corrected = questions.map((question) => ({
      questionId: question.id,
      answer: question.requiredAnswer,
    }));
    expect(await t.core.answerEligibility(actor, { participantId, answers: corrected })).toMatchObject({
      ok: true,
    });
  });

  it("refuses another mediation's question and someone else's file", async () => {
    const context = await createOpenMediation(t);
    const other = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    const foreign = other.questions[0]?.id ?? '';
    const wrongQuestion = await t.core.answerEligibility(actor, {
      participantId,
      answers: [{ questionId: foreign, answer: true }],
    });
    expect(wrongQuestion).toEqual(refusal('participants:errors.unknownQuestion', 'INVALID_INPUT'));
    const intruder = await createPerson(t);
    const notTheirs = await t.core.answerEligibility(intruder.actor, {
      participantId,
      answers: [{ questionId: context.questions[0]?.id ?? '', answer: true }],
    });
    expect(notTheirs).toEqual(refusal('participants:errors.fileNotFound', 'NOT_FOUND'));
  });
});

describe('describing the complaint', () => {
  async function draft() {
    const context = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    return { actor, participantId: await joinEligible(t, actor, context) };
  }

  it('stores the cleaned text, the amount in cents and the two dates', async () => {
    const { actor, participantId } = await draft();
    const result = unwrap(
      await t.core.describeComplaint(actor, {
        participantId,
        ...complaint,
        description: `  Facture de re\u0301siliation\u0000 de 49,90 € jamais rendue\u202e.  `,
      }),
    );
    expect(result.amountCents).toBe(5988);
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file.description).toBe('Facture de résiliation de 49,90 € jamais rendue.');
    expect(file.amountCents).toBe(5988);
    expect(file.problemDate?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(file.priorComplaintDate?.toISOString()).toBe('2026-02-10T00:00:00.000Z');
  });

  it('accepts one part at a time and leaves the others as they were', async () => {
    const { actor, participantId } = await draft();
    unwrap(await t.core.describeComplaint(actor, { participantId, amount: '12,50' }));
    unwrap(await t.core.describeComplaint(actor, { participantId, problemDate: '2026-01-02' }));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({ amountCents: 1250, description: null });
    expect(file.problemDate?.toISOString().slice(0, 10)).toBe('2026-01-02');
    const nothing = await t.core.describeComplaint(actor, { participantId });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it.each([
    ['', 'descriptionEmpty'],
    ['   \n\t \u00a0 ', 'descriptionEmpty'],
    ['\u0000\u0001\u0002\u202e', 'descriptionEmpty'],
    ['Bof.', 'descriptionTooShort'],
    ['\u00a0 Trop\u0000 co\u0007 ', 'descriptionTooShort'], // seven characters once cleaned
    ['x'.repeat(4001), 'descriptionTooLong'],
    ['y'.repeat(150_000), 'descriptionTooLong'],
  ])('refuses the description %#', async (description, key) => {
    const { actor, participantId } = await draft();
    const result = await t.core.describeComplaint(actor, { participantId, description });
    expect(result).toEqual(refusal(`participants:errors.${key}`));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file.description).toBeNull();
  });

  it('counts characters, not UTF-16 units: 4000 emoji fit', async () => {
    const { actor, participantId } = await draft();
    unwrap(await t.core.describeComplaint(actor, { participantId, description: '😡'.repeat(4000) }));
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(Array.from(file.description ?? '')).toHaveLength(4000);
  });

  it.each([
    ['douze', 'notANumber'],
    ['-12', 'negative'],
    ['0', 'zero'],
    ['12,345', 'ambiguous'],
    ['12,3456', 'tooManyDecimals'],
    ['1 000 000,01', 'tooLarge'],
  ])('refuses the amount %j with a helpful reason', async (amount, reason) => {
    const { actor, participantId } = await draft();
    const result = await t.core.describeComplaint(actor, { participantId, amount });
    expect(result).toEqual(refusal(`participants:errors.amount.${reason}`));
    // The limit in euros, for the "too large" message.
    expect(!result.ok && result.error.params).toEqual({ max: 1_000_000 });
  });

  it.each([
    [{ problemDate: '31/02/2026' }, 'problemDateInvalid'],
    [{ problemDate: '03/03/2026' }, 'problemDateInFuture'],
    [{ priorComplaintDate: 'la semaine dernière' }, 'priorComplaintDateInvalid'],
    [{ priorComplaintDate: '2026-03-03' }, 'priorComplaintInFuture'],
    [{ priorComplaintDate: '01/03/2025' }, 'priorComplaintTooOld'],
    [{ problemDate: '2026-02-01', priorComplaintDate: '2026-01-31' }, 'priorComplaintBeforeProblem'],
  ])('refuses the dates %j', async (dates, key) => {
    const { actor, participantId } = await draft();
    const result = await t.core.describeComplaint(actor, { participantId, ...dates });
    expect(result).toEqual(refusal(`participants:errors.${key}`));
  });

  it('accepts a written complaint exactly one year old, and today', async () => {
    const { actor, participantId } = await draft();
    // The test clock is 2 March 2026 in Paris.
    expect(
      await t.core.describeComplaint(actor, { participantId, priorComplaintDate: '02/03/2025' }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await t.core.describeComplaint(actor, { participantId, priorComplaintDate: '02/03/2026' }),
    ).toMatchObject({
      ok: true,
    });
  });
});
