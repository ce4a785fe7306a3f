import type { CommandContext, Notification } from '../commands/context.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';
import { voidRunningVote } from '../votes/closing.ts';
import { titleParam } from './audience.ts';
import { moveMediation } from './lifecycle.ts';
import { closeUndecidedFiles } from './undecided-files.ts';

/** Every clock whose subject is the mediation itself. */
export const mediationTimerKinds: readonly TimerKind[] = [
  'registrationClose',
  'deadlineWarning14d',
  'deadlineWarning7d',
  'deadlineWarning1d',
  'deadlineReached',
  'companyAnswerDue',
  'companyReminder5d',
  'companyReminder1d',
];

/** Why a mediation ended, when no person wrote it: stored in `closingReason` and shown translated. */
export const closingCodes = {
  companySilent: 'company_silent',
  /** The company declined the invitation from its portal, giving its reason (issue 15). */
  companyDeclined: 'company_declined',
  minAdhesionsNotReached: 'min_adhesions_not_reached',
  noAdhesion: 'no_adhesion',
  allPayoutsConfirmed: 'all_payouts_confirmed',
  /** Closed as a success with some payouts never confirmed, each with the mediator's reason. */
  agreementExecuted: 'agreement_executed',
  /** L612-2: the 90-day limit passed with no extension and no outcome (« délai légal dépassé »). */
  legalDeadlinePassed: 'legal_deadline_passed',
} as const;

export type ClosingCode = (typeof closingCodes)[keyof typeof closingCodes];
export type FinalStatus = 'CLOSED_SUCCESS' | 'CLOSED_FAILURE' | 'CANCELLED';
/**
 * Why a mediation ends: a known situation (with, for some, the words of whoever caused it, told to the
 * participants but never stored as the reason), or a mediator's own words.
 */
export type ClosingReason = { code: ClosingCode; detail?: string } | { text: string };

/**
 * Ends a mediation: final status, closing time and reason, every clock stopped (a vote still running is
 * voided), files still awaiting a decision closed with a reason, and every party told.
 */
export async function endMediation(
  ctx: CommandContext,
  mediationId: string,
  to: FinalStatus,
  reason: ClosingReason,
): Promise<void> {
  const code = 'code' in reason ? reason.code : null;
  const before = await moveMediation(
    ctx,
    mediationId,
    to,
    { closedAt: ctx.now, closingReason: 'code' in reason ? reason.code : reason.text },
    { reasonCode: code },
  );
  for (const kind of mediationTimerKinds) await ctx.cancelTimer(kind, mediationId);
  const live = await ctx.tx.offer.findMany({
    where: { mediationId, status: { in: ['VOTING', 'ACCEPTED'] } },
    select: { id: true, status: true },
  });
  for (const offer of live) {
    if (offer.status === 'VOTING') {
      await voidRunningVote(ctx, offer.id);
      await ctx.tx.offer.update({ where: { id: offer.id }, data: { status: 'VOIDED' } });
    }
    await ctx.cancelTimer('adhesionClose', offer.id);
  }
  const cancelled = to === 'CANCELLED';
  const ending: Notification = {
    kind: cancelled ? 'mediationCancelled' : 'mediationClosed',
    // A known code has a text of its own; a mediator's own words are shown as written.
    textKey: code
      ? `mediations:notify.closedBecause.${code}`
      : cancelled
        ? 'mediations:notify.mediationCancelled'
        : 'mediations:notify.mediationFailed',
    dedupKey: `${cancelled ? 'mediationCancelled' : 'mediationClosed'}:${mediationId}`,
    params: {
      title: titleParam(before),
      ...('text' in reason ? { reason: reason.text } : reason.detail ? { reason: reason.detail } : {}),
    },
    refs: { mediationId },
  };
  // Before the group notice, which is expanded later by status: the owners of the files closed here
  // leave the group, so they are given the same notice themselves, then their file's own.
  await closeUndecidedFiles(ctx, before, ending);
  ctx.notifyGroup({ group: 'participants', mediationId }, ending);
}
