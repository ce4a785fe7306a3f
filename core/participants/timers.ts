import { shortId } from '../references/short-id.ts';
import type { TimerHandler, TimerHandlers } from '../scheduler/timer-handler.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';
import { mediationTitle } from './participant-access.ts';

/**
 * Reminds the mediators that a file awaits their decision, a week and a day before the three-week
 * limit (product.md §3). A file decided or withdrawn in the meantime needs no reminder.
 */
function decisionReminder(kind: TimerKind): TimerHandler {
  return async (ctx, participantId) => {
    const participant = await ctx.tx.participant.findUnique({
      where: { id: participantId },
      include: { mediation: { select: { titleFr: true, titleEn: true } } },
    });
    if (participant?.status !== 'SUBMITTED' || !participant.decisionDueAt) return;
    ctx.notifyMediators({
      kind: 'decisionDue',
      textKey: 'participants:notify.decisionDue',
      dedupKey: `${kind}:${participant.id}`,
      params: {
        title: mediationTitle(participant.mediation),
        dueDate: { date: participant.decisionDueAt.toISOString() },
        file: shortId(participant.id),
      },
      refs: { participantId: participant.id, mediationId: participant.mediationId },
    });
  };
}

export const participantsTimers: TimerHandlers = {
  decisionDue7d: decisionReminder('decisionDue7d'),
  decisionDue1d: decisionReminder('decisionDue1d'),
};
