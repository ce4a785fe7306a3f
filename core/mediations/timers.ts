import type { CommandContext } from '../commands/context.ts';
import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { titleParam } from './audience.ts';
import { closingCodes, endMediation } from './closing.ts';
import { deadlineClocks } from './deadline.ts';
import { finalStatuses, lockMediation } from './lifecycle.ts';
import { closeRegistrationNow } from './registration-commands.ts';

/** Registration closes at the announced time, unless a mediator already closed it (or cancelled). */
async function closeRegistrationOnTime(ctx: CommandContext, mediationId: string): Promise<void> {
  const mediation = await lockMediation(ctx, mediationId);
  if (mediation.status !== 'OPEN') return;
  if (!mediation.registrationClosesAt || ctx.now < mediation.registrationClosesAt) return;
  await closeRegistrationNow(ctx, mediationId);
}

/**
 * Warns the mediators that the 90-day limit is near. The mediation row is read, not locked: an extension
 * holding that lock may be re-arming this very timer. The check against `endsBy` makes a warning that
 * lost that race (the limit has just moved) say nothing.
 */
async function warnDeadline(
  ctx: CommandContext,
  mediationId: string,
  kind: 'deadlineWarning14d' | 'deadlineWarning3d',
) {
  const mediation = await ctx.tx.mediation.findUnique({ where: { id: mediationId } });
  if (!mediation?.endsBy || finalStatuses.includes(mediation.status)) return;
  const before = deadlineClocks.find((clock) => clock.kind === kind)?.before ?? 0;
  if (ctx.now.getTime() < mediation.endsBy.getTime() - before || ctx.now >= mediation.endsBy) return;
  ctx.notifyMediators({
    kind: 'mediationDeadline',
    textKey: 'mediations:notify.deadlineWarning',
    dedupKey: `mediationDeadline:${kind}:${mediationId}:${mediation.endsBy.toISOString()}`,
    params: {
      title: titleParam(mediation),
      endsBy: { date: mediation.endsBy.toISOString() },
      daysLeft: kind === 'deadlineWarning14d' ? 14 : 3,
    },
    refs: { mediationId },
  });
}

/**
 * The 90-day limit is reached. The mediation is NOT closed automatically: whether to extend it (with a
 * reason), close it as failed or cancel it is a mediator's decision the law leaves to them; the clock
 * only makes sure they are told, and records that the limit passed.
 */
async function deadlineReached(ctx: CommandContext, mediationId: string): Promise<void> {
  const mediation = await ctx.tx.mediation.findUnique({ where: { id: mediationId } });
  if (!mediation?.endsBy || finalStatuses.includes(mediation.status) || ctx.now < mediation.endsBy) return;
  ctx.audit({
    action: 'mediation.deadlineReached',
    mediationId,
    subjectId: mediationId,
    details: { status: mediation.status },
  });
  ctx.notifyMediators({
    kind: 'mediationDeadline',
    textKey: 'mediations:notify.deadlineReached',
    dedupKey: `mediationDeadline:reached:${mediationId}:${mediation.endsBy.toISOString()}`,
    params: { title: titleParam(mediation), endsBy: { date: mediation.endsBy.toISOString() } },
    refs: { mediationId },
  });
}

/**
 * 20 working days after the invitation without any offer: the company's silence is recorded as a
 * refusal (product.md §3) and the mediation ends in failure.
 */
async function companyAnswerDue(ctx: CommandContext, mediationId: string): Promise<void> {
  const mediation = await lockMediation(ctx, mediationId);
  if (mediation.status !== 'NEGOTIATION' || !mediation.companyInvitedAt) return;
  if (!mediation.companyAnswerDueAt || ctx.now < mediation.companyAnswerDueAt) return;
  const answers = await ctx.tx.offer.count({
    where: { mediationId, createdAt: { gte: mediation.companyInvitedAt } },
  });
  if (answers > 0) return;
  ctx.audit({ action: 'mediation.companySilent', mediationId, subjectId: mediation.companyId });
  await endMediation(ctx, mediationId, 'CLOSED_FAILURE', { code: closingCodes.companySilent });
  ctx.notifyMediators({
    kind: 'companyAnswerOverdue',
    textKey: 'mediations:notify.companyAnswerOverdue',
    dedupKey: `companyAnswerOverdue:${mediationId}`,
    params: {
      title: titleParam(mediation),
      invitedAt: { date: mediation.companyInvitedAt.toISOString() },
    },
    refs: { mediationId },
  });
}

export const mediationsTimers: TimerHandlers = {
  registrationClose: closeRegistrationOnTime,
  deadlineWarning14d: (ctx, mediationId) => warnDeadline(ctx, mediationId, 'deadlineWarning14d'),
  deadlineWarning3d: (ctx, mediationId) => warnDeadline(ctx, mediationId, 'deadlineWarning3d'),
  deadlineReached,
  companyAnswerDue,
};
