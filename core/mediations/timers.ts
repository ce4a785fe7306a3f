import { DAY } from '../clock/clock.ts';
import type { CommandContext } from '../commands/context.ts';
import { companyReminderMail } from '../company/reminder-mail.ts';
import type { MediationStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { closeVoteNow } from '../votes/closing.ts';
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

/** An offer was accepted: the mediation has its outcome, only its execution remains. */
const outcomeStatuses: readonly MediationStatus[] = ['ACCEPTED', 'ADHESION', 'EXECUTION'];

/**
 * Warns the mediators that the 90-day limit is near (14, 7 and 1 days before). The mediation row is
 * read, not locked: an extension holding that lock may be re-arming this very timer. The check against
 * `endsBy` makes a warning that lost that race (the limit has just moved) say nothing; a warning rung
 * late, after downtime, when a nearer one is due too, leaves the word to the nearer one.
 */
async function warnDeadline(ctx: CommandContext, mediationId: string, kind: DeadlineWarningKind) {
  const mediation = await ctx.tx.mediation.findUnique({ where: { id: mediationId } });
  if (!mediation?.endsBy || finalStatuses.includes(mediation.status)) return;
  const left = mediation.endsBy.getTime() - ctx.now.getTime();
  const before = warningBefore(kind);
  if (left > before || left <= 0) return;
  const nearer = deadlineClocks.some(
    (clock) => clock.before > 0 && clock.before < before && left <= clock.before,
  );
  if (nearer) return;
  ctx.notifyMediators({
    kind: 'mediationDeadline',
    // With an accepted offer the limit closes nothing by itself: the warning does not say it will.
    textKey: outcomeStatuses.includes(mediation.status)
      ? 'mediations:notify.deadlineWarningAfterAgreement'
      : 'mediations:notify.deadlineWarning',
    dedupKey: `mediationDeadline:${kind}:${mediationId}:${mediation.endsBy.toISOString()}`,
    params: {
      title: titleParam(mediation),
      slug: mediation.slug,
      endsBy: { date: mediation.endsBy.toISOString() },
      count: Math.round(before / DAY),
    },
    refs: { mediationId },
  });
}

type DeadlineWarningKind = 'deadlineWarning14d' | 'deadlineWarning7d' | 'deadlineWarning1d';

function warningBefore(kind: DeadlineWarningKind): number {
  return deadlineClocks.find((clock) => clock.kind === kind)?.before ?? 0;
}

/**
 * The 90-day limit is reached (L612-2, R612-5). With no extension and no outcome, the mediation closes
 * as failed, « délai légal dépassé », and everyone is told (`endMediation`); files still waiting for a
 * decision are closed with it. A vote whose deadline is due too (the clock rang late, or both at the
 * same instant) is closed first: its result may be the outcome. With an accepted offer the mediation
 * stays as it is and the mediators are told to finish or extend it. A late ring after downtime does the
 * same, once: the timer fires once and a final mediation is left alone.
 */
async function deadlineReached(ctx: CommandContext, mediationId: string): Promise<void> {
  // Locked, since it may end the mediation: an extension running now either waits and finds it ended,
  // or wins (a deadlock PostgreSQL breaks, each side retried) and this ring finds the limit moved.
  let mediation = await lockMediation(ctx, mediationId);
  if (!mediation.endsBy || finalStatuses.includes(mediation.status) || ctx.now < mediation.endsBy) return;
  if (mediation.status === 'VOTING') {
    const due = await ctx.tx.vote.findFirst({
      where: { offer: { mediationId }, closedAt: null, closesAt: { lte: ctx.now } },
      select: { id: true },
    });
    if (due) {
      await closeVoteNow(ctx, due.id);
      mediation = await lockMediation(ctx, mediationId);
    }
  }
  const endsBy = mediation.endsBy ?? ctx.now;
  const closing = !outcomeStatuses.includes(mediation.status);
  ctx.audit({
    action: 'mediation.deadlineReached',
    mediationId,
    subjectId: mediationId,
    details: { status: mediation.status, closed: closing },
  });
  if (closing) {
    await endMediation(ctx, mediationId, 'CLOSED_FAILURE', { code: closingCodes.legalDeadlinePassed });
  }
  ctx.notifyMediators({
    kind: 'mediationDeadline',
    textKey: closing ? 'mediations:notify.closedAtLegalLimit' : 'mediations:notify.deadlineReached',
    dedupKey: `mediationDeadline:reached:${mediationId}:${endsBy.toISOString()}`,
    params: { title: titleParam(mediation), slug: mediation.slug, endsBy: { date: endsBy.toISOString() } },
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

/**
 * 5 and 1 working days before the company's answer is due, while it has neither answered nor made an
 * offer: the company is reminded by e-mail when a mail server is configured and its address known —
 * sent before this run commits, so a failed sending fails the run and the clock tries again (a run that
 * fails after sending may send it twice: better twice than never) — and the mediators are told either
 * way, with the command that sends the company its invitation again.
 */
async function companyReminder(
  ctx: CommandContext,
  mediationId: string,
  deps: CoreDeps,
  workingDaysLeft: 5 | 1,
): Promise<void> {
  const mediation = await lockMediation(ctx, mediationId);
  if (mediation.status !== 'NEGOTIATION' || mediation.companyAnswer || !mediation.companyAnswerDueAt) return;
  if (await ctx.tx.offer.count({ where: { mediationId } })) return;
  const company = await ctx.tx.company.findUniqueOrThrow({ where: { id: mediation.companyId } });
  const emailed = Boolean(deps.mailer && company.contactEmail);
  if (deps.mailer && company.contactEmail) {
    await deps.mailer.send({
      to: company.contactEmail,
      ...companyReminderMail({ mediation, company, workingDaysLeft, dueAt: mediation.companyAnswerDueAt }),
    });
    ctx.audit({
      action: 'company.reminded',
      mediationId,
      subjectId: mediationId,
      details: { workingDaysLeft },
    });
  }
  ctx.notifyMediators({
    kind: 'companyAnswerReminder',
    textKey: emailed
      ? 'mediations:notify.companyAnswerReminderEmailed'
      : 'mediations:notify.companyAnswerReminder',
    dedupKey: `companyAnswerReminder:${mediationId}:${workingDaysLeft}`,
    params: {
      title: titleParam(mediation),
      count: workingDaysLeft,
      dueAt: { date: mediation.companyAnswerDueAt.toISOString() },
      slug: mediation.slug,
    },
    refs: { mediationId },
  });
}

export const mediationsTimers: TimerHandlers = {
  registrationClose: closeRegistrationOnTime,
  deadlineWarning14d: (ctx, mediationId) => warnDeadline(ctx, mediationId, 'deadlineWarning14d'),
  deadlineWarning7d: (ctx, mediationId) => warnDeadline(ctx, mediationId, 'deadlineWarning7d'),
  deadlineWarning1d: (ctx, mediationId) => warnDeadline(ctx, mediationId, 'deadlineWarning1d'),
  deadlineReached,
  companyAnswerDue,
  companyReminder5d: (ctx, mediationId, deps) => companyReminder(ctx, mediationId, deps, 5),
  companyReminder1d: (ctx, mediationId, deps) => companyReminder(ctx, mediationId, deps, 1),
};
