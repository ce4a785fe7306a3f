import type { CommandContext, Notification } from '../commands/context.ts';
import { titleParam } from './audience.ts';

/** Stored as the rejection reason of a file the mediation ended before deciding; shown translated. */
export const MEDIATION_ENDED_REASON = 'mediation_ended';

/**
 * A mediation that ends (any end) can no longer decide on the files still waiting for a decision: each
 * is closed as not admitted, with a reason its owner reads in their own language, and its owner is told,
 * rather than left « en attente » for ever. Their decision reminders stop. The audit records each file,
 * never its content. Their owners (the erased excepted) learn how the mediation ended, and that their
 * file is closed.
 */
export async function closeUndecidedFiles(
  ctx: CommandContext,
  mediation: { id: string; titleFr: string; titleEn: string },
  /** How the mediation ended, as its participants are told: a group notice these owners now leave. */
  ending: Notification,
): Promise<number> {
  const waiting = await ctx.tx.participant.findMany({
    where: { mediationId: mediation.id, status: 'SUBMITTED' },
    select: { id: true, personId: true, person: { select: { erasedAt: true } } },
    orderBy: { createdAt: 'asc' },
  });
  for (const file of waiting) {
    await ctx.tx.participant.update({
      where: { id: file.id },
      data: {
        status: 'REJECTED',
        decidedAt: ctx.now,
        decidedBy: 'system:mediation-ended',
        rejectionReason: MEDIATION_ENDED_REASON,
        updatedAt: ctx.now,
      },
    });
    await ctx.cancelTimer('decisionDue7d', file.id);
    await ctx.cancelTimer('decisionDue1d', file.id);
    ctx.audit({
      action: 'participant.closedUndecided',
      mediationId: mediation.id,
      subjectId: file.id,
      details: { from: 'SUBMITTED', to: 'REJECTED', reason: MEDIATION_ENDED_REASON },
    });
    if (file.person.erasedAt) continue;
    // The key a member of the group would get: never both.
    ctx.notifyPerson(file.personId, { ...ending, dedupKey: `${ending.dedupKey}:${file.personId}` });
    ctx.notifyPerson(file.personId, {
      kind: 'fileClosed',
      textKey: 'participants:notify.fileClosedMediationEnded',
      dedupKey: `fileClosed:${file.id}`,
      params: { title: titleParam(mediation) },
      refs: { participantId: file.id, mediationId: mediation.id },
    });
  }
  return waiting.length;
}
