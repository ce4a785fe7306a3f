import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import {
  admittedFiles,
  complaint,
  createOpenMediation,
  createPerson,
  createVote,
  joinEligible,
  sampleFiles,
  submittedFile,
} from './fixtures.ts';

const t = useTestCore();

const fileOf = async (personId: string, participantId: string) => {
  const files = await t.core.query.myFiles({ personId });
  const file = files.find((entry) => entry.participantId === participantId);
  if (!file) throw new Error('file not listed');
  return file;
};

describe('my files (/mesdossiers)', () => {
  it('follows a file from draft to vote, always saying what comes next', async () => {
    const context = await createOpenMediation(t);
    const person = await createPerson(t);
    const { participantId } = unwrap(
      await t.core.joinMediation(person.actor, {
        mediationId: context.mediation.id,
        consents: { terms: true, grouping: true, dataProcessing: true },
      }),
    );
    const fresh = await fileOf(person.personId, participantId);
    expect(fresh).toMatchObject({
      status: 'DRAFT',
      mediation: { title: { fr: 'Frais cachés RED by SFR', en: 'RED by SFR hidden fees' } },
      missing: ['eligibility', 'description', 'amount', 'problemDate', 'priorComplaintDate'],
      next: { key: 'participants:next.completeFile', params: { count: 5 }, refs: { first: 'eligibility' } },
    });

    unwrap(
      await t.core.answerEligibility(person.actor, {
        participantId,
        answers: context.questions.map((question) => ({
          questionId: question.id,
          answer: question.requiredAnswer,
        })),
      }),
    );
    unwrap(await t.core.describeComplaint(person.actor, { participantId, ...complaint }));
    unwrap(await t.core.addEvidence(person.actor, { participantId, bytes: sampleFiles.jpeg }));
    const complete = await fileOf(person.personId, participantId);
    expect(complete).toMatchObject({
      missing: [],
      complaint: {
        description: complaint.description,
        amountCents: 5988,
        problemDate: '2026-01-15',
        priorComplaintDate: '2026-02-10',
      },
      evidence: [expect.objectContaining({ mimeType: 'image/jpeg', sizeBytes: sampleFiles.jpeg.length })],
      next: { key: 'participants:next.submitFile' },
    });

    unwrap(await t.core.submitFile(person.actor, { participantId }));
    const waiting = await fileOf(person.personId, participantId);
    expect(waiting.next).toEqual({
      key: 'participants:next.waitDecision',
      params: { dueDate: { date: new Date(t.clock.now().getTime() + 21 * DAY).toISOString() } },
      refs: {},
    });

    unwrap(await t.core.admitParticipant(mediatorActor('U1'), { participantId }));
    expect((await fileOf(person.personId, participantId)).next.key).toBe('participants:next.waitNews');

    const { vote } = await createVote(t, {
      mediationId: context.mediation.id,
      round: 1,
      electorate: [participantId],
      ballots: [],
    });
    const voting = await fileOf(person.personId, participantId);
    expect(voting.next).toEqual({
      key: 'participants:next.voteOpen',
      params: { closesAt: { date: vote.closesAt.toISOString() } },
      refs: { voteId: vote.id },
    });
    await t.db.prisma.electorateMember.updateMany({ where: { voteId: vote.id }, data: { hasVoted: true } });
    expect((await fileOf(person.personId, participantId)).next.key).toBe('participants:next.voteCast');

    unwrap(await t.core.withdraw(person.actor, { participantId }));
    expect((await fileOf(person.personId, participantId)).next.key).toBe('participants:next.withdrawn');
  });

  it('tells a rejected person why, and a late draft that registration has closed', async () => {
    const context = await createOpenMediation(t, { closesInDays: 2 });
    const rejected = await submittedFile(t, context);
    unwrap(
      await t.core.rejectParticipant(mediatorActor('U1'), {
        participantId: rejected.participantId,
        reason: 'Votre abonnement est chez SFR, pas RED.',
      }),
    );
    expect((await fileOf(rejected.personId, rejected.participantId)).next).toEqual({
      key: 'participants:next.rejected',
      params: { reason: 'Votre abonnement est chez SFR, pas RED.' },
      refs: {},
    });

    const late = await createPerson(t);
    const draft = await joinEligible(t, late.actor, context);
    t.clock.advance(2 * DAY);
    const file = await fileOf(late.personId, draft);
    t.clock.advance(-2 * DAY);
    expect(file.next.key).toBe('participants:next.registrationClosed');
  });

  it('shows only my own files', async () => {
    const context = await createOpenMediation(t);
    const mine = await submittedFile(t, context);
    await submittedFile(t, context);
    const files = await t.core.query.myFiles({ personId: mine.personId });
    expect(files.map((file) => file.participantId)).toEqual([mine.participantId]);
  });
});

describe("the mediators' review list", () => {
  it('lists sent files oldest first with their content, and no drafts or ballots', async () => {
    const context = await createOpenMediation(t);
    const first = await submittedFile(t, context, { bytes: sampleFiles.pdf, fileName: 'releve.pdf' });
    t.clock.advance(60_000);
    const [second] = await admittedFiles(t, context, 1);
    t.clock.advance(-60_000);
    const drafting = await createPerson(t);
    await joinEligible(t, drafting.actor, context);
    if (!second) throw new Error('second file expected');
    await createVote(t, {
      mediationId: context.mediation.id,
      round: 1,
      electorate: [second.participantId],
      ballots: [{ participantId: second.participantId, choice: 'ACCEPT' }],
    });

    const list = await t.core.query.participantsForReview({ mediationId: context.mediation.id });
    expect(list.map((file) => [file.participantId, file.status])).toEqual([
      [first.participantId, 'SUBMITTED'],
      [second.participantId, 'ADMITTED'],
    ]);
    expect(list[0]).toMatchObject({
      description: complaint.description,
      amountCents: 5988,
      problemDate: '2026-01-15',
      priorComplaintDate: '2026-02-10',
      decisionDueAt: new Date(t.clock.now().getTime() + 21 * DAY),
      erased: false,
      eligibility: [
        { question: expect.objectContaining({ fr: expect.any(String) }), answer: true },
        { question: expect.objectContaining({ en: expect.any(String) }), answer: false },
      ],
    });
    expect(JSON.stringify(list)).not.toMatch(/ACCEPT|ballot|receipt/i);
    const proof = list[0]?.evidence[0];
    expect(proof).toMatchObject({ mimeType: 'application/pdf', fileName: 'releve.pdf' });
    const waiting = await t.core.query.participantsForReview({
      mediationId: context.mediation.id,
      status: 'SUBMITTED',
    });
    expect(waiting.map((file) => file.participantId)).toEqual([first.participantId]);
  });
});
