import { z } from 'zod';
import { DAY } from '../clock/clock.ts';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { startLegalLimit } from '../mediations/deadline.ts';
import { sendOpeningNotice } from '../mediations/registration-commands.ts';
import { shortId } from '../references/short-id.ts';
import { requireAdmissiblePriorComplaint } from './complaint.ts';
import { missingItems } from './completeness.ts';
import { dayOf, parisToday } from './dates.ts';
import { requireOpenRegistration } from './join.ts';
import { lockOwnParticipant, mediationTitle, requireDraft } from './participant-access.ts';

/** A complete file must be admitted or rejected within three weeks (product.md §3). */
export const DECISION_DELAY_DAYS = 21;

/**
 * The person sends their complete file to the mediators. From now on it is frozen, and the mediators
 * have three weeks to decide; they are reminded a week and a day before the limit. Its receipt is the
 * moment of the notice of seizure (R612-2): the person's one message about it.
 */
export const submitFile = defineCommand({
  name: 'submitFile',
  actors: ['person'],
  input: z.object({ participantId: z.uuid() }),
  async run(ctx, input) {
    // The mediation first, then the file: the same lock order as every command of this area.
    const [owner] = await ctx.tx.$queryRaw<{ mediationId: string; limitStarted: boolean }[]>`
      SELECT p.mediation_id AS "mediationId", m.opening_notice_at IS NOT NULL AS "limitStarted"
      FROM participant p JOIN mediation m ON m.id = p.mediation_id WHERE p.id = ${input.participantId}::uuid`;
    if (!owner) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
    // The first files of a mediation start its 90-day limit, an update of the mediation: they lock it
    // for that from the start (once started, the limit never needs it again, so a stale read is safe).
    await requireOpenRegistration(ctx, owner.mediationId, owner.limitStarted ? 'share' : 'update');
    const participant = await lockOwnParticipant(ctx, input.participantId);
    requireDraft(participant);
    const missing = await missingItems(ctx.tx, participant);
    const first = missing[0];
    if (first) {
      refuse('RULE_VIOLATION', `participants:errors.incomplete.${first}`, { missing: missing.join(',') });
    }
    // Checked again now: a complaint fine when typed may have turned one year old since.
    if (participant.priorComplaintDate) {
      requireAdmissiblePriorComplaint(dayOf(participant.priorComplaintDate), parisToday(ctx.now));
    }

    const decisionDueAt = new Date(ctx.now.getTime() + DECISION_DELAY_DAYS * DAY);
    await ctx.tx.participant.update({
      where: { id: participant.id },
      data: { status: 'SUBMITTED', submittedAt: ctx.now, decisionDueAt, updatedAt: ctx.now },
    });
    await ctx.schedule('decisionDue7d', participant.id, new Date(decisionDueAt.getTime() - 7 * DAY));
    await ctx.schedule('decisionDue1d', participant.id, new Date(decisionDueAt.getTime() - DAY));
    // R612-2: the file is received, so the mediation is seized for this person, who is told at once
    // (with the right to withdraw); the first such notice starts the 90-day limit (R612-5).
    // The mediation row is locked (requireOpenRegistration): a limit read here is current, and only the
    // first files of a mediation try to start it.
    const endsBy = participant.mediation.endsBy ?? (await startLegalLimit(ctx, participant.mediationId));
    sendOpeningNotice(
      ctx,
      { ...participant.mediation, endsBy },
      { participantId: participant.id, personId: participant.personId },
      { decisionDueAt },
    );
    const title = mediationTitle(participant.mediation);
    // The mediators' channel gets ids and the title only; the file itself is read in the review screen.
    ctx.notifyMediators({
      kind: 'fileToReview',
      textKey: 'participants:notify.fileToReview',
      dedupKey: `fileToReview:${participant.id}`,
      params: { title, dueDate: { date: decisionDueAt.toISOString() }, file: shortId(participant.id) },
      refs: { participantId: participant.id, mediationId: participant.mediationId },
    });
    ctx.audit({
      action: 'participant.submitted',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      details: { from: 'DRAFT', to: 'SUBMITTED' },
    });
    return { participantId: participant.id, status: 'SUBMITTED' as const, decisionDueAt };
  },
});
