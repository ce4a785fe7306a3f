import { z } from 'zod';
import { addParisDays } from '../clock/working-days.ts';
import { defineCommand } from '../commands/command.ts';
import { actorLabel } from '../domain/actor.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from './audience.ts';
import { endMediation } from './closing.ts';
import { armDeadlineClocks, MEDIATION_DAYS } from './deadline.ts';
import { finalStatuses, lockMediation, requireMove } from './lifecycle.ts';

const reasonSchema = z.string().trim().min(3).max(1000);

/**
 * Moves the 90-day limit (L612-2, product.md §3): only a mediator may, only once the limit has started
 * (the first notice of seizure) and before the mediation ends, and always with a written reason every
 * party receives. The company must be told too: with no channel to it here, the audit records that the
 * mediator was handed the notice to forward (`companyNotice`), which the mediator actions print.
 */
export const extendMediation = defineCommand({
  name: 'extendMediation',
  actors: ['mediator'],
  input: z.object({
    mediationId: z.uuid(),
    reason: reasonSchema,
    /** 90 more days unless told otherwise. */
    days: z.number().int().min(1).max(MEDIATION_DAYS).optional(),
  }),
  async run(ctx, { mediationId, reason, days = MEDIATION_DAYS }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (finalStatuses.includes(mediation.status)) {
      refuse('ILLEGAL_TRANSITION', 'mediations:errors.mediationEnded', { status: mediation.status });
    }
    if (!mediation.openingNoticeAt || !mediation.endsBy) {
      refuse('RULE_VIOLATION', 'mediations:errors.extensionBeforeOpeningNotice');
    }
    const newEndsBy = addParisDays(mediation.endsBy, days);
    if (newEndsBy <= ctx.now) refuse('RULE_VIOLATION', 'mediations:errors.extensionTooShort');
    const extension = await ctx.tx.mediationExtension.create({
      data: {
        mediationId,
        days,
        reason,
        previousEndsBy: mediation.endsBy,
        newEndsBy,
        createdBy: actorLabel(ctx.actor),
        createdAt: ctx.now,
      },
    });
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: { endsBy: newEndsBy, updatedAt: ctx.now },
    });
    await armDeadlineClocks(ctx, mediationId, newEndsBy);
    ctx.audit({
      action: 'mediation.extended',
      mediationId,
      subjectId: extension.id,
      details: { days, endsBy: newEndsBy.toISOString(), companyNotice: 'forwardedByMediator' },
    });
    ctx.notifyGroup(
      { group: 'participants', mediationId },
      {
        kind: 'mediationExtended',
        textKey: 'mediations:notify.mediationExtended',
        dedupKey: `mediationExtended:${extension.id}`,
        params: {
          title: titleParam(mediation),
          reason,
          count: days,
          endsBy: { date: newEndsBy.toISOString() },
        },
        refs: { mediationId },
      },
    );
    const company = await ctx.tx.company.findUniqueOrThrow({
      where: { id: mediation.companyId },
      select: { slug: true, name: true, contactName: true, contactEmail: true },
    });
    return {
      extensionId: extension.id,
      endsBy: newEndsBy,
      companyNotice: {
        company: {
          slug: company.slug,
          name: company.name,
          contactName: company.contactName,
          contactEmail: company.contactEmail,
        },
        reason,
        days,
      },
    };
  },
});

/** Any state that is not final → CANCELLED, with the mediator's reason told to every participant. */
export const cancelMediation = defineCommand({
  name: 'cancelMediation',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), reason: reasonSchema }),
  async run(ctx, { mediationId, reason }) {
    const mediation = await lockMediation(ctx, mediationId);
    requireMove(mediation.status, 'CANCELLED');
    await endMediation(ctx, mediationId, 'CANCELLED', { text: reason });
    return { mediationId, status: 'CANCELLED' as const };
  },
});

/**
 * NEGOTIATION or REJECTED → CLOSED_FAILURE: the company will not offer anything acceptable (or, after
 * three rounds, nothing more). Later states end through the agreement, not here.
 */
export const closeMediationAsFailed = defineCommand({
  name: 'closeMediationAsFailed',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), reason: reasonSchema }),
  async run(ctx, { mediationId, reason }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'NEGOTIATION' && mediation.status !== 'REJECTED') {
      refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', {
        from: mediation.status,
        to: 'CLOSED_FAILURE',
      });
    }
    await endMediation(ctx, mediationId, 'CLOSED_FAILURE', { text: reason });
    return { mediationId, status: 'CLOSED_FAILURE' as const };
  },
});
