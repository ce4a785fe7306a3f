import { z } from 'zod';
import { defineCommand, defineSqlCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';
import { requirePersonId } from '../people/person-access.ts';
import { lockOwnFile, requireDraft } from './participant-access.ts';

/**
 * Joining starts with consent (product.md §4): the terms, the grouping of one's file with others', and
 * the processing of one's data. Each is asked plainly and must be given; each is stored with its time.
 */
export const joinMediation = defineCommand({
  name: 'joinMediation',
  actors: ['person'],
  input: z.object({
    mediationId: z.uuid(),
    consents: z.object({ terms: z.boolean(), grouping: z.boolean(), dataProcessing: z.boolean() }),
  }),
  async run(ctx, input) {
    const personId = requirePersonId(ctx.actor);
    await lockLivePerson(ctx, personId);
    await requireOpenRegistration(ctx, input.mediationId);
    if (!input.consents.terms) refuse('RULE_VIOLATION', 'participants:errors.consentTermsMissing');
    if (!input.consents.grouping) refuse('RULE_VIOLATION', 'participants:errors.consentGroupingMissing');
    if (!input.consents.dataProcessing) refuse('RULE_VIOLATION', 'participants:errors.consentDataMissing');

    const earlier = await ctx.tx.participant.findUnique({
      where: { mediationId_personId: { mediationId: input.mediationId, personId } },
      select: { id: true, status: true },
    });
    if (earlier) refuseSecondJoin(earlier);
    // ON CONFLICT: a double tap sent twice at once gets the same clear refusal, not a database conflict.
    const created = await ctx.tx.$queryRaw<{ id: string }[]>`
      INSERT INTO participant (mediation_id, person_id, consent_terms_at, consent_grouping_at, consent_data_at,
                               created_at, updated_at)
      VALUES (${input.mediationId}::uuid, ${personId}::uuid, ${ctx.now}, ${ctx.now}, ${ctx.now}, ${ctx.now}, ${ctx.now})
      ON CONFLICT (mediation_id, person_id) DO NOTHING
      RETURNING id`;
    const participantId = created[0]?.id;
    if (!participantId) {
      const winner = await ctx.tx.participant.findUniqueOrThrow({
        where: { mediationId_personId: { mediationId: input.mediationId, personId } },
        select: { id: true, status: true },
      });
      refuseSecondJoin(winner);
    }
    ctx.audit({ action: 'participant.joined', mediationId: input.mediationId, subjectId: participantId });
    return { participantId };
  },
});

function refuseSecondJoin(earlier: { id: string; status: string }): never {
  // Coming back after a withdrawal is not silent: the withdrawal was recorded (and counted in the
  // activity report), so a return goes through the mediators, who can see the history.
  if (earlier.status === 'WITHDRAWN') {
    refuse('RULE_VIOLATION', 'participants:errors.withdrawnEarlier', { participantId: earlier.id });
  }
  refuse('RULE_VIOLATION', 'participants:errors.alreadyJoined', { participantId: earlier.id });
}

/** An erasure running at the same moment waits for the join, or the join sees the person erased. */
async function lockLivePerson(ctx: CommandContext, personId: string): Promise<void> {
  const rows = await ctx.tx.$queryRaw<{ erased_at: Date | null }[]>`
    SELECT erased_at FROM person WHERE id = ${personId}::uuid FOR SHARE`;
  if (rows.length === 0 || rows[0]?.erased_at) refuse('NOT_FOUND', 'errors:personNotFound');
}

/**
 * Registration is open while the mediation is OPEN and its closing time has not come. FOR SHARE: many
 * people join at once, but closing the registration waits for joins already under way. `update` for a
 * command that will then change the mediation: two holding it shared, both waiting to update it, would
 * deadlock.
 */
export async function requireOpenRegistration(
  ctx: CommandContext<SqlTx>,
  mediationId: string,
  lock: 'share' | 'update' = 'share',
) {
  type Row = { status: string; registration_closes_at: Date | null };
  const rows =
    lock === 'share'
      ? await ctx.tx.$queryRaw<Row[]>`
          SELECT status, registration_closes_at FROM mediation WHERE id = ${mediationId}::uuid FOR SHARE`
      : await ctx.tx.$queryRaw<Row[]>`
          SELECT status, registration_closes_at FROM mediation WHERE id = ${mediationId}::uuid FOR NO KEY UPDATE`;
  const mediation = rows[0];
  if (!mediation) refuse('NOT_FOUND', 'errors:mediationNotFound');
  if (mediation.status !== 'OPEN') refuse('RULE_VIOLATION', 'participants:errors.registrationNotOpen');
  const closesAt = mediation.registration_closes_at;
  if (closesAt && ctx.now.getTime() >= closesAt.getTime()) {
    refuse('RULE_VIOLATION', 'participants:errors.registrationClosed');
  }
}

/**
 * The mediation's yes/no questions. They can be answered one at a time (a chat asks them one by one)
 * and changed while the file is a draft. An answer that rules the person out is refused and NOT kept:
 * it may be a slip of the finger, the file stays a draft, and nothing is stored about someone the
 * mediation cannot help.
 */
export const answerEligibility = defineSqlCommand({
  name: 'answerEligibility',
  actors: ['person'],
  input: z.object({
    participantId: z.uuid(),
    answers: z
      .array(z.object({ questionId: z.uuid(), answer: z.boolean() }))
      .min(1)
      .max(50),
  }),
  async run(ctx, input) {
    const participant = await lockOwnFile(ctx, input.participantId);
    requireDraft(participant);
    const questions = await ctx.tx.$queryRaw<{ id: string; requiredAnswer: boolean }[]>`
      SELECT id, required_answer AS "requiredAnswer" FROM eligibility_question
      WHERE mediation_id = ${participant.mediationId}::uuid ORDER BY position`;
    const byId = new Map(questions.map((question) => [question.id, question]));
    const seen = new Set<string>();
    for (const { questionId, answer } of input.answers) {
      const question = byId.get(questionId);
      if (!question || seen.has(questionId)) refuse('INVALID_INPUT', 'participants:errors.unknownQuestion');
      seen.add(questionId);
      if (answer !== question.requiredAnswer) {
        const number = questions.indexOf(question) + 1;
        refuse('RULE_VIOLATION', 'participants:errors.notEligible', { question: number });
      }
    }
    await ctx.tx.$executeRaw`
      INSERT INTO eligibility_answer (participant_id, question_id, answer, answered_at)
      SELECT ${participant.id}::uuid, "questionId", answer, ${ctx.now}
      FROM jsonb_to_recordset(${JSON.stringify(input.answers)}::jsonb) AS given("questionId" uuid, answer boolean)
      ON CONFLICT (participant_id, question_id)
      DO UPDATE SET answer = EXCLUDED.answer, answered_at = EXCLUDED.answered_at`;
    const [{ answered } = { answered: 0 }] = await ctx.tx.$queryRaw<{ answered: number }[]>`
      SELECT count(*)::int AS answered FROM eligibility_answer WHERE participant_id = ${participant.id}::uuid`;
    ctx.audit({
      action: 'participant.eligibilityAnswered',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      details: { answered, questions: questions.length },
    });
    return { answered, remaining: questions.length - answered };
  },
});
