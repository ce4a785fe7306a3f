import { describe, expect, it } from 'vitest';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { ballotsInPublishedList } from '../support/published-list.ts';
import {
  admittedFiles,
  createOpenMediation,
  createPerson,
  createVote,
  joinEligible,
  submittedFile,
} from './fixtures.ts';

const t = useTestCore();

const withdrewNotices = (participantId: string) =>
  t.db.prisma.outboxMessage.findMany({ where: { dedupKey: `participantWithdrew:${participantId}` } });

describe('withdrawing from a mediation', () => {
  it('withdraws a draft in one action, without bothering the mediators', async () => {
    const context = await createOpenMediation(t);
    const { actor } = await createPerson(t);
    const participantId = await joinEligible(t, actor, context);
    const result = unwrap(await t.core.withdraw(actor, { participantId }));
    expect(result).toEqual({ participantId, status: 'WITHDRAWN', changed: true });
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({ status: 'WITHDRAWN', withdrawnAt: t.clock.now() });
    expect(await withdrewNotices(participantId)).toHaveLength(0);
  });

  it('withdraws a submitted file: the reminders stop and the mediators are told', async () => {
    const context = await createOpenMediation(t);
    const { actor, participantId } = await submittedFile(t, context);
    unwrap(await t.core.withdraw(actor, { participantId }));
    const timers = await t.db.prisma.timer.findMany({ where: { subjectId: participantId } });
    expect(timers).toHaveLength(2);
    expect(timers.every((timer) => timer.cancelledAt !== null)).toBe(true);
    const [notice] = await withdrewNotices(participantId);
    expect(notice).toMatchObject({ audience: 'mediators', kind: 'participantWithdrew' });
    expect(notice?.payload).toMatchObject({ refs: { participantId, mediationId: context.mediation.id } });
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'participant.withdrawn', subjectId: participantId },
    });
    expect(audit.details).toEqual({ from: 'SUBMITTED', to: 'WITHDRAWN', cause: 'withdraw' });
  });

  it('treats a second tap as a no-op, and refuses a rejected file with an explanation', async () => {
    const context = await createOpenMediation(t);
    const first = await submittedFile(t, context);
    unwrap(await t.core.withdraw(first.actor, { participantId: first.participantId }));
    const again = unwrap(await t.core.withdraw(first.actor, { participantId: first.participantId }));
    expect(again.changed).toBe(false);
    expect(await withdrewNotices(first.participantId)).toHaveLength(1);

    const second = await submittedFile(t, context);
    unwrap(
      await t.core.rejectParticipant(mediatorActor('U1'), {
        participantId: second.participantId,
        reason: 'Hors périmètre',
      }),
    );
    expect(await t.core.withdraw(second.actor, { participantId: second.participantId })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', messageKey: 'participants:errors.cannotWithdrawRejected' },
    });
  });

  it("cannot withdraw someone else's file", async () => {
    const context = await createOpenMediation(t);
    const { participantId } = await submittedFile(t, context);
    const intruder = await createPerson(t);
    expect(await t.core.withdraw(intruder.actor, { participantId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const file = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file.status).toBe('SUBMITTED');
  });

  it('during a running vote: leaves the electorate and the ballot no longer counts', async () => {
    const context = await createOpenMediation(t);
    const [leaver, stayer, silent] = await admittedFiles(t, context, 3);
    if (!leaver || !stayer || !silent) throw new Error('three participants expected');
    const electorate = [leaver.participantId, stayer.participantId, silent.participantId];
    // An earlier round, already closed: its history must not move.
    const past = await createVote(t, {
      mediationId: context.mediation.id,
      round: 1,
      electorate,
      ballots: [{ participantId: leaver.participantId, choice: 'REFUSE' }],
      closed: true,
    });
    const { vote } = await createVote(t, {
      mediationId: context.mediation.id,
      round: 2,
      electorate,
      ballots: [
        { participantId: leaver.participantId, choice: 'ACCEPT' },
        { participantId: stayer.participantId, choice: 'REFUSE' },
      ],
    });

    unwrap(await t.core.withdraw(leaver.actor, { participantId: leaver.participantId }));

    const members = await t.db.prisma.electorateMember.findMany({ where: { voteId: vote.id } });
    const left = members.filter((member) => member.leftAt !== null).map((member) => member.participantId);
    expect(left).toEqual([leaver.participantId]);
    const ballots = await t.db.prisma.ballot.findMany({ where: { voteId: vote.id } });
    expect(ballots).toEqual([
      expect.objectContaining({ participantId: stayer.participantId, choice: 'REFUSE' }),
    ]);

    const pastMembers = await t.db.prisma.electorateMember.findMany({ where: { voteId: past.vote.id } });
    expect(pastMembers.every((member) => member.leftAt === null)).toBe(true);
    expect(await ballotsInPublishedList(t.db, past.vote.id)).toBe(1);
    expect(await withdrewNotices(leaver.participantId)).toHaveLength(1);
  });
});
