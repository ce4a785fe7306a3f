import { z } from 'zod';
import { addWorkingDays } from '../clock/working-days.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { CompanyNoticeChannel } from '../db/generated/enums.ts';
import { actorLabel } from '../domain/actor.ts';
import { refuse } from '../domain/errors.ts';
import { voidRunningVote } from '../votes/closing.ts';
import { recipients, titleParam } from './audience.ts';
import { lockMediation, moveMediation } from './lifecycle.ts';
import { MAX_ROUNDS, type OfferTerms, offerColumns, offerTermsSchema } from './offer-terms.ts';

/** product.md §3: the company is expected to answer within 20 working days of being invited. */
export const COMPANY_ANSWER_WORKING_DAYS = 20;

/** REGISTRATION_CLOSED → NEGOTIATION: the company is invited; its silence will count as a refusal. */
export const inviteCompany = defineCommand({
  name: 'inviteCompany',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'REGISTRATION_CLOSED') {
      refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', { from: mediation.status, to: 'NEGOTIATION' });
    }
    const admitted = await recipients(ctx.tx, mediationId, ['ADMITTED']);
    if (admitted.length === 0) refuse('RULE_VIOLATION', 'mediations:errors.noAdmittedParticipants');
    const answerDueAt = addWorkingDays(ctx.now, COMPANY_ANSWER_WORKING_DAYS);
    // R612-2: the company is notified that the mediation is seized. The service sends no e-mail yet, so a
    // mediator sends the notice it generates (core/mediations/company-notice.ts), and it is recorded so.
    const notifiedVia: CompanyNoticeChannel = 'MANUAL';
    await moveMediation(
      ctx,
      mediationId,
      'NEGOTIATION',
      { companyInvitedAt: ctx.now, companyAnswerDueAt: answerDueAt, companyNotifiedVia: notifiedVia },
      { companyNotifiedVia: notifiedVia },
    );
    await ctx.schedule('companyAnswerDue', mediationId, answerDueAt);
    // The company is reminded 5 and 1 working days before its answer is due (through the mediators).
    await ctx.schedule(
      'companyReminder5d',
      mediationId,
      addWorkingDays(ctx.now, COMPANY_ANSWER_WORKING_DAYS - 5),
    );
    await ctx.schedule(
      'companyReminder1d',
      mediationId,
      addWorkingDays(ctx.now, COMPANY_ANSWER_WORKING_DAYS - 1),
    );
    const company = await ctx.tx.company.findUniqueOrThrow({ where: { id: mediation.companyId } });
    for (const recipient of admitted) {
      ctx.notifyPerson(recipient.personId, {
        kind: 'companyInvited',
        textKey: 'mediations:notify.companyInvited',
        dedupKey: `companyInvited:${recipient.participantId}`,
        params: {
          title: titleParam(mediation),
          company: company.name,
          answerDueAt: { date: answerDueAt.toISOString() },
        },
        refs: { mediationId },
      });
    }
    return { mediationId, companyAnswerDueAt: answerDueAt, companyNotifiedVia: notifiedVia };
  },
});

/**
 * Records the company's offer as the next round: the first answer to the invitation, or a new offer
 * after a rejected vote (REJECTED → NEGOTIATION). Never more than three rounds. A mediator records it
 * for the company, or the company submits it from its portal (issue 15): that answers the invitation,
 * and the mediators are told, to put it to the vote or send it back.
 */
export const recordOffer = defineCommand({
  name: 'recordOffer',
  actors: ['mediator', 'company'],
  input: offerTermsSchema.extend({ mediationId: z.uuid() }),
  async run(ctx, input) {
    // A company acts on the mediation its session was opened for, and no other.
    if (ctx.actor.kind === 'company' && ctx.actor.mediationId !== input.mediationId) {
      refuse('NOT_FOUND', 'errors:mediationNotFound');
    }
    const mediation = await lockMediation(ctx, input.mediationId);
    if (mediation.status !== 'NEGOTIATION' && mediation.status !== 'REJECTED') {
      refuse('ILLEGAL_TRANSITION', 'mediations:errors.noOfferNow', { status: mediation.status });
    }
    if (input.validUntil && input.validUntil <= ctx.now) {
      refuse('RULE_VIOLATION', 'mediations:errors.offerValidityPast');
    }
    const onTable = await ctx.tx.offer.count({ where: { mediationId: mediation.id, status: 'PROPOSED' } });
    // The company cannot replace its offer: it is told what it waits for instead.
    if (onTable > 0) refuse('RULE_VIOLATION', `mediations:errors.offerAlreadyOnTable${forWhom(ctx)}`);
    const round = await nextRound(ctx, mediation.id);
    if (mediation.status === 'REJECTED') {
      await moveMediation(ctx, mediation.id, 'NEGOTIATION', {}, { round });
    }
    // The company has answered: its silence can no longer be recorded as a refusal.
    await stopCompanyClocks(ctx, mediation.id);
    const created = await createOffer(ctx, mediation.id, round, input);
    if (ctx.actor.kind === 'company') {
      await ctx.tx.mediation.update({
        where: { id: mediation.id },
        data: {
          companyAnswer: mediation.companyAnswer ?? 'TAKE_PART',
          companyAnsweredAt: mediation.companyAnsweredAt ?? ctx.now,
          offerReturnedComment: null,
          offerReturnedAt: null,
        },
      });
      ctx.notifyMediators({
        kind: 'companyOffer',
        textKey: 'company:notify.offer',
        dedupKey: `companyOffer:${created.offerId}`,
        params: { title: titleParam(mediation), round, slug: mediation.slug },
        refs: { mediationId: mediation.id },
      });
    }
    return created;
  },
});

/**
 * The mediators send the company's offer back instead of putting it to the vote, with a comment the
 * company reads on its portal. The offer never reached a vote: it is removed and its round is free.
 */
export const returnOffer = defineCommand({
  name: 'returnOffer',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), comment: z.string().trim().min(1).max(2000) }),
  async run(ctx, { mediationId, comment }) {
    const mediation = await lockMediation(ctx, mediationId);
    const offer = await ctx.tx.offer.findFirst({ where: { mediationId, status: 'PROPOSED' } });
    if (mediation.status !== 'NEGOTIATION' || !offer)
      refuse('RULE_VIOLATION', 'mediations:errors.noOfferToReturn');
    await ctx.tx.offer.delete({ where: { id: offer.id } });
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: { offerReturnedComment: comment, offerReturnedAt: ctx.now, updatedAt: ctx.now },
    });
    ctx.audit({
      action: 'offer.returned',
      mediationId,
      subjectId: offer.id,
      details: { round: offer.round, recordedBy: offer.recordedBy },
    });
    return { mediationId, round: offer.round };
  },
});

/**
 * A live offer is never edited (product.md §5): replacing it voids it — and its vote, if one is running,
 * sending the mediation back to NEGOTIATION — and records the new terms as the next round.
 */
export const replaceOffer = defineCommand({
  name: 'replaceOffer',
  actors: ['mediator'],
  input: offerTermsSchema.extend({ mediationId: z.uuid() }),
  async run(ctx, input) {
    const mediation = await lockMediation(ctx, input.mediationId);
    if (mediation.status !== 'NEGOTIATION' && mediation.status !== 'VOTING') {
      refuse('ILLEGAL_TRANSITION', 'mediations:errors.noOfferNow', { status: mediation.status });
    }
    const current = await ctx.tx.offer.findFirst({
      where: { mediationId: mediation.id, status: { in: ['PROPOSED', 'VOTING'] } },
      orderBy: { round: 'desc' },
    });
    if (!current) refuse('RULE_VIOLATION', 'mediations:errors.noOfferToReplace');
    const round = await nextRound(ctx, mediation.id);
    if (current.status === 'VOTING') {
      await voidRunningVote(ctx, current.id);
      const after = await ctx.tx.mediation.findUniqueOrThrow({ where: { id: mediation.id } });
      if (after.status === 'VOTING') {
        await moveMediation(ctx, mediation.id, 'NEGOTIATION', {}, { round, offerReplaced: true });
      }
    }
    await ctx.tx.offer.update({ where: { id: current.id }, data: { status: 'VOIDED' } });
    ctx.audit({
      action: 'offer.voided',
      mediationId: mediation.id,
      subjectId: current.id,
      details: { round: current.round, was: current.status },
    });
    const created = await createOffer(ctx, mediation.id, round, input);
    return { ...created, voidedOfferId: current.id };
  },
});

/** The company has answered: no reminder, and its silence can no longer be recorded as a refusal. */
export async function stopCompanyClocks(ctx: CommandContext, mediationId: string): Promise<void> {
  for (const kind of ['companyAnswerDue', 'companyReminder5d', 'companyReminder1d'] as const) {
    await ctx.cancelTimer(kind, mediationId);
  }
}

/** The round after the last one recorded (voided offers count: a replacement uses up a round). */
async function nextRound(ctx: CommandContext, mediationId: string): Promise<number> {
  const last = await ctx.tx.offer.aggregate({ where: { mediationId }, _max: { round: true } });
  const round = (last._max.round ?? 0) + 1;
  if (round > MAX_ROUNDS)
    refuse('RULE_VIOLATION', `mediations:errors.noRoundLeft${forWhom(ctx)}`, { count: MAX_ROUNDS });
  return round;
}

/** A refusal's text for the company says what it can do, not what a mediator could. */
const forWhom = (ctx: CommandContext) => (ctx.actor.kind === 'company' ? 'ForCompany' : '');

async function createOffer(ctx: CommandContext, mediationId: string, round: number, terms: OfferTerms) {
  const offer = await ctx.tx.offer.create({
    data: {
      mediationId,
      round,
      ...offerColumns(terms),
      recordedBy: actorLabel(ctx.actor),
      createdAt: ctx.now,
    },
  });
  ctx.audit({
    action: 'offer.recorded',
    mediationId,
    subjectId: offer.id,
    details: { round, compensationKind: offer.compensationKind, minAdhesions: offer.minAdhesions },
  });
  return { offerId: offer.id, round };
}
