import { z } from 'zod';
import { addWorkingDays } from '../clock/working-days.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { companyActor } from '../domain/actor.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from '../mediations/audience.ts';
import { closingCodes, endMediation } from '../mediations/closing.ts';
import { lockMediation } from '../mediations/lifecycle.ts';
import { COMPANY_ANSWER_WORKING_DAYS, stopCompanyClocks } from '../mediations/negotiation-commands.ts';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** How long a session lasts once the link is used: a working day's visit, then the link is asked again. */
export const COMPANY_SESSION_HOURS = 12;

/** The longest reason a company may give for declining: a paragraph, as long as a complaint. */
export const DECLINE_REASON_MAX = 2000;

/**
 * A one-time sign-in link to the company's portal for a mediation the company is invited to (issue 15):
 * valid until its answer is due (20 working days after the invitation, or from now when issued later),
 * used once. Issuing one voids the links issued before, used or not. The adapter makes the token and
 * gives its hash (core/company/tokens.ts).
 */
export const issueCompanyLink = defineCommand({
  name: 'issueCompanyLink',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), tokenHash: sha256Hex }),
  async run(ctx, { mediationId, tokenHash }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (!mediation.companyInvitedAt || mediation.closedAt) {
      refuse('RULE_VIOLATION', 'company:errors.notInvited', { status: mediation.status });
    }
    const dueAt = mediation.companyAnswerDueAt;
    const expiresAt =
      dueAt && dueAt > ctx.now && !mediation.companyAnswer
        ? dueAt
        : addWorkingDays(ctx.now, COMPANY_ANSWER_WORKING_DAYS);
    const voided = await ctx.tx.companyLink.updateMany({
      where: { mediationId, voidedAt: null },
      data: { voidedAt: ctx.now },
    });
    const link = await ctx.tx.companyLink.create({
      data: { mediationId, tokenHash, createdAt: ctx.now, expiresAt },
    });
    ctx.audit({
      action: 'company.linkIssued',
      mediationId,
      subjectId: link.id,
      details: { expiresAt: expiresAt.toISOString(), voided: voided.count },
    });
    return { mediationId, expiresAt, voided: voided.count };
  },
});

/**
 * The company's contact follows the link: a link that exists, is not spent, voided or expired opens a
 * session for its mediation alone, and is spent. Every other link gets the same refusal, so a guess
 * learns nothing. The adapter gives the hashes of the link's token and of the new session's.
 */
export const signInCompany = defineCommand({
  name: 'signInCompany',
  actors: ['system'],
  input: z.object({ linkTokenHash: sha256Hex, sessionTokenHash: sha256Hex }),
  async run(ctx, { linkTokenHash, sessionTokenHash }) {
    const [link] = await ctx.tx.$queryRaw<{ id: string; mediationId: string }[]>`
      SELECT id, mediation_id AS "mediationId" FROM company_link
      WHERE token_hash = ${linkTokenHash} AND used_at IS NULL AND voided_at IS NULL
        AND expires_at > ${ctx.now}
      FOR UPDATE`;
    if (!link) refuse('FORBIDDEN', 'company:errors.linkInvalid');
    const mediation = await ctx.tx.mediation.findUniqueOrThrow({
      where: { id: link.mediationId },
      select: { slug: true, companyId: true, titleFr: true, titleEn: true },
    });
    await ctx.tx.companyLink.update({ where: { id: link.id }, data: { usedAt: ctx.now } });
    const expiresAt = new Date(ctx.now.getTime() + COMPANY_SESSION_HOURS * 3_600_000);
    await ctx.tx.companySession.create({
      data: { mediationId: link.mediationId, tokenHash: sessionTokenHash, createdAt: ctx.now, expiresAt },
    });
    ctx.audit({
      action: 'company.signedIn',
      mediationId: link.mediationId,
      subjectId: link.id,
      actedBy: companyActor(mediation.companyId, link.mediationId),
    });
    // The mediators learn that the invitation reached someone (a link is spent once: one notice each).
    ctx.notifyMediators({
      kind: 'companySignedIn',
      textKey: 'company:notify.signedIn',
      dedupKey: `companySignedIn:${link.id}`,
      params: { title: titleParam(mediation), slug: mediation.slug },
      refs: { mediationId: link.mediationId },
    });
    return { mediationId: link.mediationId, slug: mediation.slug, companyId: mediation.companyId, expiresAt };
  },
});

/**
 * The company answers its invitation (product.md §3, §9): it takes part (its silence can no longer be
 * recorded as a refusal; the mediators expect its offer), or it declines with a reason, and the
 * mediation ends as failed, every participant and the mediators told why. Once only.
 */
export const answerInvitation = defineCommand({
  name: 'answerInvitation',
  actors: ['company'],
  input: z.discriminatedUnion('answer', [
    z.object({ answer: z.literal('TAKE_PART') }),
    z.object({ answer: z.literal('DECLINED'), reason: z.string().trim().min(1).max(DECLINE_REASON_MAX) }),
  ]),
  async run(ctx, input) {
    const mediationId = companyMediation(ctx);
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'NEGOTIATION' || mediation.companyAnswer) {
      refuse('RULE_VIOLATION', 'company:errors.alreadyAnswered', { status: mediation.status });
    }
    const offers = await ctx.tx.offer.count({ where: { mediationId } });
    if (offers > 0) refuse('RULE_VIOLATION', 'company:errors.alreadyAnswered', { status: mediation.status });
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: { companyAnswer: input.answer, companyAnsweredAt: ctx.now, updatedAt: ctx.now },
    });
    ctx.audit({
      action: 'company.answered',
      mediationId,
      subjectId: mediationId,
      details: {
        answer: input.answer,
        inTime: !mediation.companyAnswerDueAt || ctx.now <= mediation.companyAnswerDueAt,
      },
    });
    const title = titleParam(mediation);
    if (input.answer === 'DECLINED') {
      ctx.notifyMediators({
        kind: 'companyAnswered',
        textKey: 'company:notify.declined',
        dedupKey: `companyAnswered:${mediationId}`,
        params: { title, reason: input.reason },
        refs: { mediationId },
      });
      await endMediation(ctx, mediationId, 'CLOSED_FAILURE', {
        code: closingCodes.companyDeclined,
        detail: input.reason,
      });
      return { mediationId, answer: input.answer };
    }
    await stopCompanyClocks(ctx, mediationId);
    ctx.notifyMediators({
      kind: 'companyAnswered',
      textKey: 'company:notify.takesPart',
      dedupKey: `companyAnswered:${mediationId}`,
      params: { title },
      refs: { mediationId },
    });
    ctx.notifyGroup(
      { group: 'participants', mediationId },
      {
        kind: 'companyTakesPart',
        textKey: 'company:notify.takesPartParticipants',
        dedupKey: `companyTakesPart:${mediationId}`,
        params: { title },
        refs: { mediationId },
      },
    );
    return { mediationId, answer: input.answer };
  },
});

/** The one mediation a company actor may act on: the one its session was opened for. */
function companyMediation(ctx: CommandContext): string {
  if (ctx.actor.kind !== 'company') refuse('FORBIDDEN', 'errors:forbidden');
  return ctx.actor.mediationId;
}

/**
 * The service itself e-mailed the notice of seizure and the portal link to the company's contact
 * (R612-2): the mediation records it so, instead of a notice forwarded by hand.
 */
export const recordCompanyEmailed = defineCommand({
  name: 'recordCompanyEmailed',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (!mediation.companyInvitedAt)
      refuse('RULE_VIOLATION', 'company:errors.notInvited', { status: mediation.status });
    await ctx.tx.mediation.update({ where: { id: mediationId }, data: { companyNotifiedVia: 'EMAIL' } });
    ctx.audit({ action: 'company.emailed', mediationId, subjectId: mediationId, details: { notice: true } });
    return { mediationId };
  },
});

export const companyCommands = { issueCompanyLink, signInCompany, answerInvitation, recordCompanyEmailed };
