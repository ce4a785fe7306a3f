import { z } from 'zod';
import { DAY } from '../clock/clock.ts';
import { defineSqlCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';
import { startLegalLimit } from '../mediations/deadline.ts';
import { sendOpeningNotice } from '../mediations/registration-commands.ts';
import { requirePersonId } from '../people/person-access.ts';
import { shortId } from '../references/short-id.ts';
import { requireAdmissiblePriorComplaint } from './complaint.ts';
import { listMissing } from './completeness.ts';
import { parisToday } from './dates.ts';
import { requireOpenRegistration } from './join.ts';
import { lockOwnFile, mediationTitle, type OwnFile, requireDraft } from './participant-access.ts';

/** A complete file must be admitted or rejected within three weeks (product.md §3). */
export const DECISION_DELAY_DAYS = 21;

/**
 * The person sends their complete file to the mediators. From now on it is frozen, and the mediators
 * have three weeks to decide; they are reminded a week and a day before the limit. Its receipt is the
 * moment of the notice of seizure (R612-2): the person's one message about it.
 */
export const submitFile = defineSqlCommand({
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
    const participant = await lockOwnFile(ctx, input.participantId);
    requireDraft(participant);
    const content = await readContent(ctx, participant);
    const missing = listMissing(content, content.eligible);
    const first = missing[0];
    if (first) {
      refuse('RULE_VIOLATION', `participants:errors.incomplete.${first}`, { missing: missing.join(',') });
    }
    // Checked again now: a complaint fine when typed may have turned one year old since.
    if (participant.priorComplaintDay) {
      requireAdmissiblePriorComplaint(participant.priorComplaintDay, parisToday(ctx.now));
    }

    const decisionDueAt = new Date(ctx.now.getTime() + DECISION_DELAY_DAYS * DAY);
    await ctx.tx.$executeRaw`
      UPDATE participant SET status = 'SUBMITTED', submitted_at = ${ctx.now}, decision_due_at = ${decisionDueAt},
        updated_at = ${ctx.now}
      WHERE id = ${participant.id}::uuid`;
    await ctx.schedule('decisionDue7d', participant.id, new Date(decisionDueAt.getTime() - 7 * DAY));
    await ctx.schedule('decisionDue1d', participant.id, new Date(decisionDueAt.getTime() - DAY));
    // R612-2: the file is received, so the mediation is seized for this person, who is told at once
    // (with the right to withdraw); the first such notice starts the 90-day limit (R612-5).
    // The mediation row is locked (requireOpenRegistration): a limit read here is current, and only the
    // first files of a mediation try to start it.
    const { mediation } = content;
    const endsBy = mediation.endsBy ?? (await startLegalLimit(ctx, participant.mediationId));
    // lockOwnFile refused anyone but the file's owner: the person acting is the one told.
    const personId = requirePersonId(ctx.actor);
    sendOpeningNotice(
      ctx,
      { ...mediation, endsBy },
      { participantId: participant.id, personId },
      { decisionDueAt },
    );
    const title = mediationTitle(mediation);
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

/**
 * The rest of what sending checks and tells, in one statement after the file's lock (and not in the
 * locking one, whose snapshot predates the wait): the eligibility answers a message that held the lock
 * just gave are seen. The mediation row is locked already (requireOpenRegistration), so its limit is
 * current.
 */
async function readContent(ctx: CommandContext<SqlTx>, file: OwnFile) {
  const [row] = await ctx.tx.$queryRaw<
    {
      consentTermsAt: Date | null;
      consentGroupingAt: Date | null;
      consentDataAt: Date | null;
      description: string | null;
      eligible: boolean;
      titleFr: string;
      titleEn: string;
      endsBy: Date | null;
    }[]
  >`
    SELECT p.consent_terms_at AS "consentTermsAt", p.consent_grouping_at AS "consentGroupingAt",
      p.consent_data_at AS "consentDataAt", p.description,
      NOT EXISTS (SELECT 1 FROM eligibility_question q
        LEFT JOIN eligibility_answer a ON a.question_id = q.id AND a.participant_id = p.id
        WHERE q.mediation_id = p.mediation_id AND a.answer IS DISTINCT FROM q.required_answer) AS eligible,
      m.title_fr AS "titleFr", m.title_en AS "titleEn", m.ends_by AS "endsBy"
    FROM participant p JOIN mediation m ON m.id = p.mediation_id
    WHERE p.id = ${file.id}::uuid`;
  if (!row) throw new Error(`submitFile: the locked file ${file.id} was not read`);
  const { titleFr, titleEn, endsBy, ...content } = row;
  return {
    ...content,
    amountCents: file.amountCents,
    problemDate: file.problemDay,
    priorComplaintDate: file.priorComplaintDay,
    mediation: { id: file.mediationId, titleFr, titleEn, endsBy },
  };
}
