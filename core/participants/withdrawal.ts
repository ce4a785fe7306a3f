import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';
import { refuse } from '../domain/errors.ts';
import { shortId } from '../references/short-id.ts';
import { leaveElectorate } from '../votes/electorate.ts';
import { cancelDecisionReminders } from './decision.ts';
import { lockOwnParticipant, mediationTitle } from './participant-access.ts';

/** A rejected or withdrawn file is over: there is nothing left to withdraw from. */
export const withdrawableStatuses: readonly ParticipantStatus[] = ['DRAFT', 'SUBMITTED', 'ADMITTED'];

/**
 * The law guarantees a consumer may leave a mediation at any time, in one action, without penalty
 * (product.md §4). A second tap on the button is a no-op, not an error.
 */
export const withdraw = defineCommand({
  name: 'withdraw',
  actors: ['person'],
  input: z.object({ participantId: z.uuid() }),
  async run(ctx, input) {
    const participant = await lockOwnParticipant(ctx, input.participantId);
    if (participant.status === 'WITHDRAWN') {
      return { participantId: participant.id, status: 'WITHDRAWN' as const, changed: false };
    }
    if (!withdrawableStatuses.includes(participant.status)) {
      refuse('ILLEGAL_TRANSITION', 'participants:errors.cannotWithdrawRejected');
    }
    await withdrawParticipation(ctx, participant, 'withdraw');
    return { participantId: participant.id, status: 'WITHDRAWN' as const, changed: true };
  },
});

interface WithdrawableParticipant {
  id: string;
  mediationId: string;
  status: ParticipantStatus;
  mediation: { titleFr: string; titleEn: string };
}

/**
 * The one path out of a mediation, shared by `withdraw` and by erasure. The caller holds the
 * participant's row lock and has checked the status is withdrawable.
 */
export async function withdrawParticipation(
  ctx: CommandContext,
  participant: WithdrawableParticipant,
  cause: 'withdraw' | 'erasure',
): Promise<void> {
  await ctx.tx.participant.update({
    where: { id: participant.id },
    data: { status: 'WITHDRAWN', withdrawnAt: ctx.now, updatedAt: ctx.now },
  });
  // A running vote no longer counts them: their ballot is removed and the electorate shrinks.
  await leaveElectorate(ctx, participant.id);
  await cancelDecisionReminders(ctx, participant.id);
  // Mediators never saw a draft: its withdrawal is not news for them.
  if (participant.status !== 'DRAFT') {
    ctx.notifyMediators({
      kind: 'participantWithdrew',
      textKey: 'participants:notify.participantWithdrew',
      dedupKey: `participantWithdrew:${participant.id}`,
      params: { title: mediationTitle(participant.mediation), file: shortId(participant.id) },
      refs: { participantId: participant.id, mediationId: participant.mediationId },
    });
  }
  ctx.audit({
    action: 'participant.withdrawn',
    mediationId: participant.mediationId,
    subjectId: participant.id,
    details: { from: participant.status, to: 'WITHDRAWN', cause },
  });
}
