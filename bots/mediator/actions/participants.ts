import { z } from 'zod';
import { formatDate } from '../../../core/i18n/index.ts';
import { shortId } from '../../../core/references/short-id.ts';
import type { ActionContext } from '../action.ts';
import * as arg from '../arg-types.ts';
import { defineAction, need, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findId, findMediation } from '../resolve.ts';

type ReviewFile = Awaited<ReturnType<ActionContext['core']['query']['participantsForReview']>>[number];

const statuses = ['submitted', 'admitted', 'rejected', 'withdrawn', 'all'] as const;

/** The files sent to the mediators, those awaiting a decision by default, oldest first. */
export const listParticipants = defineAction({
  name: 'participants',
  summaryKey: 'mediator:actions.participants.summary',
  args: z.object({ mediation: arg.mediationRef(), status: arg.oneOf(statuses).optional() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const wanted = args.status ?? 'submitted';
    const files = await ctx.core.query.participantsForReview({
      mediationId: m.id,
      ...(wanted === 'all' ? {} : { status: wanted.toUpperCase() as ReviewFile['status'] }),
    });
    const f = formatter(ctx);
    const title = inLocale(ctx, m.title);
    if (files.length === 0) {
      return succeed(f.say(`mediator:participants.none.${wanted}`, { title }), files);
    }
    const blocks = files.map((file) => describeFile(ctx, file));
    const heading = f.say(`mediator:participants.heading.${wanted}`, { title, count: files.length });
    const hint = wanted === 'submitted' ? `\n\n${f.say('mediator:participants.howToDecide')}` : '';
    return succeed(`${heading}\n\n${blocks.join('\n\n')}${hint}`, files);
  },
});

function describeFile(ctx: ActionContext, file: ReviewFile): string {
  const f = formatter(ctx);
  const day = (value: string | null) =>
    value ? formatDate(value, ctx.locale) : f.say('mediator:common.none');
  const lines = [
    `${shortId(file.participantId)} — ${f.say(`common:participantStatus.${file.status}`)}`,
    f.say('mediator:participants.sent', { at: f.when(file.submittedAt), due: f.when(file.decisionDueAt) }),
    f.say('mediator:participants.claim', {
      amount: file.amountCents === null ? f.say('mediator:common.none') : f.money(file.amountCents),
      problem: day(file.problemDate),
      complaint: day(file.priorComplaintDate),
    }),
  ];
  if (file.eligibility.length > 0) {
    const answers = file.eligibility.map(
      (answer) => `${inLocale(ctx, answer.question)} ${f.say(answer.answer ? 'common:yes' : 'common:no')}`,
    );
    lines.push(f.say('mediator:participants.eligibility', { answers: answers.join(' / ') }));
  }
  const proofs = f.say('mediator:participants.evidence', { count: file.evidence.length });
  const hint =
    file.evidence.length > 0
      ? f.say('mediator:participants.evidenceHint', { id: shortId(file.participantId) })
      : '';
  lines.push(`${proofs}${hint}`);
  lines.push(
    file.erased
      ? f.say('mediator:participants.erased')
      : f.say('mediator:participants.description', { text: file.description ?? '' }),
  );
  if (file.status === 'REJECTED') {
    lines.push(
      f.say('mediator:participants.rejected', {
        at: f.when(file.decidedAt),
        reason: file.rejectionReason ?? '',
      }),
    );
  }
  if (file.withdrawnAt)
    lines.push(f.say('mediator:participants.withdrawn', { at: f.when(file.withdrawnAt) }));
  return lines.map((line, index) => (index === 0 ? line : `  ${line}`)).join('\n');
}

export const admitParticipant = defineAction({
  name: 'admit',
  summaryKey: 'mediator:actions.admit.summary',
  args: z.object({ participant: arg.ref() }),
  positional: ['participant'],
  async run(ctx, args) {
    const participantId = await findId(ctx, 'participant', args.participant);
    const admitted = need(await ctx.core.admitParticipant(ctx.actor, { participantId }));
    return succeed(formatter(ctx).say('mediator:admit.done', { id: shortId(participantId) }), admitted);
  },
});

export const rejectParticipant = defineAction({
  name: 'reject',
  summaryKey: 'mediator:actions.reject.summary',
  irreversible: true,
  args: z.object({ participant: arg.ref(), reason: arg.text(3, 1000) }),
  positional: ['participant', 'reason'],
  async run(ctx, args) {
    const participantId = await findId(ctx, 'participant', args.participant);
    const rejected = need(
      await ctx.core.rejectParticipant(ctx.actor, { participantId, reason: args.reason }),
    );
    return succeed(formatter(ctx).say('mediator:reject.done', { id: shortId(participantId) }), rejected);
  },
});

/** One message to everyone still in the mediation (files admitted or awaiting a decision). */
export const broadcast = defineAction({
  name: 'broadcast',
  summaryKey: 'mediator:actions.broadcast.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), message: arg.text(3, 2000) }),
  positional: ['mediation', 'message'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const sent = need(
      await ctx.core.broadcastMessage(ctx.actor, { mediationId: m.id, message: args.message }),
    );
    return succeed(
      formatter(ctx).say('mediator:broadcast.done', {
        title: inLocale(ctx, m.title),
        count: sent.recipients,
      }),
      sent,
    );
  },
});

/** Answers a `/contact` message or a payout problem, found by the message id its notification shows. */
export const answerContact = defineAction({
  name: 'answer-contact',
  summaryKey: 'mediator:actions.answerContact.summary',
  args: z.object({ messageId: arg.ref(), message: arg.text(3, 2000) }),
  positional: ['messageId', 'message'],
  async run(ctx, args) {
    const messageId = await findId(ctx, 'message', args.messageId);
    const answered = need(await ctx.core.answerContact(ctx.actor, { messageId, message: args.message }));
    return succeed(formatter(ctx).say('mediator:answerContact.done'), answered);
  },
});
