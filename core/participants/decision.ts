import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { actorLabel } from '../domain/actor.ts';
import { refuse } from '../domain/errors.ts';
import { finalStatuses } from '../mediations/lifecycle.ts';
import { requireText } from './free-text.ts';
import { lockParticipant, mediationTitle } from './participant-access.ts';

export const REASON_MIN = 3;
export const REASON_MAX = 1000;

/** A mediator admits a submitted file: the person takes part in the mediation and its votes. */
export const admitParticipant = defineCommand({
  name: 'admitParticipant',
  actors: ['mediator'],
  input: z.object({ participantId: z.uuid() }),
  async run(ctx, input) {
    const participant = await decide(ctx, input.participantId, 'ADMITTED', null);
    ctx.notifyPerson(participant.personId, {
      kind: 'fileAdmitted',
      textKey: 'participants:notify.fileAdmitted',
      dedupKey: `fileAdmitted:${participant.id}`,
      params: { title: mediationTitle(participant.mediation) },
      refs: { participantId: participant.id, mediationId: participant.mediationId },
    });
    return { participantId: participant.id, status: 'ADMITTED' as const };
  },
});

/** A mediator rejects a submitted file; the person is told why (product.md §4). */
export const rejectParticipant = defineCommand({
  name: 'rejectParticipant',
  actors: ['mediator'],
  // Generous raw limit: a too-long reason gets a localized "too long", not a bare input error.
  input: z.object({ participantId: z.uuid(), reason: z.string().max(50_000) }),
  async run(ctx, input) {
    const reason = requireText(input.reason, REASON_MIN, REASON_MAX, {
      code: 'RULE_VIOLATION',
      tooShort: 'participants:errors.reasonTooShort',
      tooLong: 'participants:errors.reasonTooLong',
    });
    const participant = await decide(ctx, input.participantId, 'REJECTED', reason);
    ctx.notifyPerson(participant.personId, {
      kind: 'fileRejected',
      textKey: 'participants:notify.fileRejected',
      dedupKey: `fileRejected:${participant.id}`,
      params: { title: mediationTitle(participant.mediation), reason },
      refs: { participantId: participant.id, mediationId: participant.mediationId },
    });
    return { participantId: participant.id, status: 'REJECTED' as const };
  },
});

async function decide(
  ctx: CommandContext,
  participantId: string,
  to: 'ADMITTED' | 'REJECTED',
  rejectionReason: string | null,
) {
  const participant = await lockParticipant(ctx, participantId);
  if (participant.status !== 'SUBMITTED') {
    refuse('ILLEGAL_TRANSITION', 'participants:errors.notAwaitingDecision', { status: participant.status });
  }
  if (finalStatuses.includes(participant.mediation.status)) {
    refuse('RULE_VIOLATION', 'participants:errors.mediationFinished');
  }
  await ctx.tx.participant.update({
    where: { id: participant.id },
    data: {
      status: to,
      decidedAt: ctx.now,
      decidedBy: actorLabel(ctx.actor),
      rejectionReason,
      updatedAt: ctx.now,
    },
  });
  await cancelDecisionReminders(ctx, participant.id);
  ctx.audit({
    action: to === 'ADMITTED' ? 'participant.admitted' : 'participant.rejected',
    mediationId: participant.mediationId,
    subjectId: participant.id,
    // The reason stays on the file, not in the log: mediators may quote the complaint in it.
    details: { from: 'SUBMITTED', to },
  });
  return participant;
}

export async function cancelDecisionReminders(ctx: CommandContext, participantId: string): Promise<void> {
  await ctx.cancelTimer('decisionDue7d', participantId);
  await ctx.cancelTimer('decisionDue1d', participantId);
}
