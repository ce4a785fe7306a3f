import { z } from 'zod';
import { defineCommand, defineSqlCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { type CalendarDay, oneYearBefore, parisToday, parseFrenchDate } from './dates.ts';
import { checkText } from './free-text.ts';
import { parseEuroAmount } from './money.ts';
import { lockOwnFile, lockOwnParticipant, requireDraft } from './participant-access.ts';

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

/**
 * The complaint: what happened, how much is claimed, when it happened, and when the company was told in
 * writing. Each part may come alone (a chat asks one question at a time) or all together (a form); a
 * part that is not given is left as it was. Only a draft can be changed: a submitted file is what the
 * mediators are reviewing, and changing it under them would make their decision about another file.
 */
export const describeComplaint = defineSqlCommand({
  name: 'describeComplaint',
  actors: ['person'],
  input: z
    .object({
      participantId: z.uuid(),
      // Generous raw limits: a too-long text gets a localized "too long", not a bare input error.
      description: z.string().max(200_000).optional(),
      amount: z.string().max(200).optional(),
      problemDate: z.string().max(100).optional(),
      priorComplaintDate: z.string().max(100).optional(),
    })
    .refine(
      (input) =>
        input.description !== undefined ||
        input.amount !== undefined ||
        input.problemDate !== undefined ||
        input.priorComplaintDate !== undefined,
      { message: 'nothing to describe', path: ['description'] },
    ),
  async run(ctx, input, deps) {
    const participant = await lockOwnFile(ctx, input.participantId);
    requireDraft(participant);
    const today = parisToday(ctx.now);
    const changes: {
      description?: string;
      amountCents?: number;
      problemDate?: CalendarDay;
      priorComplaintDate?: CalendarDay;
    } = {};

    if (input.description !== undefined) {
      const checked = checkText(input.description, DESCRIPTION_MIN, DESCRIPTION_MAX);
      if (!checked.ok) {
        const key = {
          empty: 'descriptionEmpty',
          tooShort: 'descriptionTooShort',
          tooLong: 'descriptionTooLong',
        };
        refuse('RULE_VIOLATION', `participants:errors.${key[checked.reason]}`, {
          min: DESCRIPTION_MIN,
          max: DESCRIPTION_MAX,
        });
      }
      changes.description = checked.text;
    }
    if (input.amount !== undefined) {
      const parsed = parseEuroAmount(input.amount, deps.limits.maxClaimCents);
      if (!parsed.ok) {
        refuse('RULE_VIOLATION', `participants:errors.amount.${parsed.reason}`, {
          max: Math.floor(deps.limits.maxClaimCents / 100),
        });
      }
      changes.amountCents = parsed.cents;
    }
    let problemDay = participant.problemDay ?? undefined;
    if (input.problemDate !== undefined) {
      problemDay = readDay(input.problemDate, 'problemDateInvalid');
      if (problemDay > today) refuse('RULE_VIOLATION', 'participants:errors.problemDateInFuture');
      changes.problemDate = problemDay;
    }
    let complaintDay = participant.priorComplaintDay ?? undefined;
    if (input.priorComplaintDate !== undefined) {
      complaintDay = readDay(input.priorComplaintDate, 'priorComplaintDateInvalid');
      requireAdmissiblePriorComplaint(complaintDay, today);
      changes.priorComplaintDate = complaintDay;
    }
    if (problemDay && complaintDay && complaintDay < problemDay) {
      refuse('RULE_VIOLATION', 'participants:errors.priorComplaintBeforeProblem');
    }

    // What was not given stays as it was (none of the parts can be emptied here).
    await ctx.tx.$executeRaw`
      UPDATE participant SET description = coalesce(${changes.description ?? null}, description),
        amount_cents = coalesce(${changes.amountCents ?? null}::int, amount_cents),
        problem_date = coalesce(${changes.problemDate ?? null}::date, problem_date),
        prior_complaint_date = coalesce(${changes.priorComplaintDate ?? null}::date, prior_complaint_date),
        updated_at = ${ctx.now}
      WHERE id = ${participant.id}::uuid`;
    ctx.audit({
      action: 'participant.complaintDescribed',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      // Which parts changed, never their content (product.md §7).
      details: {
        description: 'description' in changes,
        amount: 'amountCents' in changes,
        problemDate: 'problemDate' in changes,
        priorComplaintDate: 'priorComplaintDate' in changes,
      },
    });
    return { participantId: participant.id, amountCents: changes.amountCents ?? participant.amountCents };
  },
});

function readDay(text: string, invalidKey: string): CalendarDay {
  const parsed = parseFrenchDate(text);
  if (!parsed.ok) refuse('RULE_VIOLATION', `participants:errors.${invalidKey}`);
  return parsed.day;
}

/**
 * A collective mediation takes only disputes the company has already been told about in writing, less
 * than a year ago (Code de la consommation, art. L612-2). The refusal explains how to write one.
 */
export function requireAdmissiblePriorComplaint(complaintDay: CalendarDay, today: CalendarDay): void {
  if (complaintDay > today) refuse('RULE_VIOLATION', 'participants:errors.priorComplaintInFuture');
  if (complaintDay < oneYearBefore(today)) {
    refuse('RULE_VIOLATION', 'participants:errors.priorComplaintTooOld', { since: oneYearBefore(today) });
  }
}

/**
 * Whether the company may read this file's description (issue 15): the participant's own choice, asked
 * on the last screen before sending and changeable while the file is theirs. Never their name or chat:
 * the company reads the text under the file's reference, nothing more. Off unless they turn it on.
 */
export const shareDescription = defineCommand({
  name: 'shareDescription',
  actors: ['person'],
  input: z.object({ participantId: z.uuid(), share: z.boolean() }),
  async run(ctx, { participantId, share }) {
    const participant = await lockOwnParticipant(ctx, participantId);
    if (!['DRAFT', 'SUBMITTED', 'ADMITTED'].includes(participant.status)) {
      refuse('RULE_VIOLATION', 'participants:errors.fileClosed');
    }
    if (Boolean(participant.descriptionSharedAt) === share) return { participantId, shared: share };
    await ctx.tx.participant.update({
      where: { id: participantId },
      data: { descriptionSharedAt: share ? ctx.now : null },
    });
    ctx.audit({
      action: 'participant.descriptionSharing',
      mediationId: participant.mediationId,
      subjectId: participantId,
      details: { shared: share },
    });
    return { participantId, shared: share };
  },
});
