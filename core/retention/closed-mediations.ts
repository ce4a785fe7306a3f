import { z } from 'zod';
import { forgetPayoutProofs } from '../agreement/payout-proofs.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { CoreDeps } from '../deps.ts';
import { releaseFileIfUnreferenced } from '../storage/stored-files.ts';

/** Mediation statuses that are over: nothing will ever need a participant's words again. */
export const CLOSED_STATUSES = ['CLOSED_SUCCESS', 'CLOSED_FAILURE', 'CANCELLED'] as const;

/**
 * The retention clock's work on one closed mediation past its period (privacy notice; RGPD art. 5(1)(e)),
 * one batch of files per call and transaction, so a mediation of 100,000 files never holds a long lock.
 *
 * Each file loses what tells about a person: its complaint text and dates, its evidence (rows and files),
 * the note of a payout problem, the company's proofs of transfer (bank details), and its link to the
 * person, who is replaced by a new, empty, erased person of its own (the file keeps its row: a person id
 * is required, and two files of one mediation cannot share one). What stays is what the records need:
 * status and times (the annual report), the amount claimed (total claimed), yes/no eligibility answers,
 * consents' times (the proof they were given), rejection reasons (the annual report lists them; a
 * mediator's words about the file), adhesions and payout amounts. Nothing is written to a vote or to the
 * audit log but one entry with counts when the mediation is done. A file already erased with its person
 * (`/supprimer`) is skipped.
 * Run again after a crash, it goes on where it stopped: the files done are those of erased persons.
 */
export const purgeClosedMediation = defineCommand({
  name: 'purgeClosedMediation',
  actors: ['system'],
  input: z.object({ mediationId: z.uuid(), batchSize: z.number().int().min(1).max(5000) }),
  async run(ctx, input, deps) {
    const [mediation] = await ctx.tx.$queryRaw<{ purged: boolean; closed: boolean }[]>`
      SELECT personal_data_purged_at IS NOT NULL AS purged,
        status::text = ANY(${CLOSED_STATUSES as unknown as string[]}::text[]) AS closed
      FROM mediation WHERE id = ${input.mediationId}::uuid FOR UPDATE`;
    // Reopened (never: a closed mediation stays closed) or done by another instance meanwhile.
    if (!mediation || mediation.purged || !mediation.closed)
      return { files: 0, evidenceFiles: 0, done: true };
    const files = await ctx.tx.$queryRaw<{ id: string }[]>`
      SELECT p.id FROM participant p JOIN person pe ON pe.id = p.person_id
      WHERE p.mediation_id = ${input.mediationId}::uuid AND pe.erased_at IS NULL
      ORDER BY p.id LIMIT ${input.batchSize} FOR UPDATE OF p`;
    const evidenceFiles = await pseudonymise(
      ctx,
      deps,
      files.map(({ id }) => id),
    );
    if (files.length === input.batchSize) return { files: files.length, evidenceFiles, done: false };

    await ctx.tx.mediation.update({
      where: { id: input.mediationId },
      data: { personalDataPurgedAt: ctx.now },
    });
    const [totals] = await ctx.tx.$queryRaw<{ files: number }[]>`
      SELECT count(*)::int AS files FROM participant WHERE mediation_id = ${input.mediationId}::uuid`;
    ctx.audit({
      action: 'mediation.personalDataPurged',
      mediationId: input.mediationId,
      subjectId: input.mediationId,
      details: { files: totals?.files ?? 0, retentionMonths: deps.privacy?.retentionMonths ?? 12 },
    });
    return { files: files.length, evidenceFiles, done: true };
  },
});

async function pseudonymise(ctx: CommandContext, deps: CoreDeps, participantIds: string[]): Promise<number> {
  if (participantIds.length === 0) return 0;
  const evidence = await ctx.tx.evidence.findMany({
    where: { participantId: { in: participantIds } },
    select: { participantId: true, storageKey: true },
  });
  await ctx.tx.evidence.deleteMany({ where: { participantId: { in: participantIds } } });
  await ctx.tx.payout.updateMany({
    where: { participantId: { in: participantIds } },
    data: { problemNote: null },
  });
  await forgetPayoutProofs(ctx, deps, participantIds);
  // One new erased person per file, in one statement each way: the file no longer leads to anyone.
  await ctx.tx.$executeRaw`
    WITH files AS (
      SELECT id, row_number() OVER (ORDER BY id) AS n FROM participant WHERE id = ANY(${participantIds}::uuid[])
    ), strangers AS (
      INSERT INTO person (erased_at, created_at)
      SELECT ${ctx.now}, ${ctx.now} FROM files RETURNING id
    ), numbered AS (
      SELECT id, row_number() OVER (ORDER BY id) AS n FROM strangers
    )
    UPDATE participant p SET person_id = numbered.id, description = NULL, problem_date = NULL,
      prior_complaint_date = NULL, linked_from_person_id = NULL, updated_at = ${ctx.now}
    FROM files JOIN numbered ON numbered.n = files.n
    WHERE p.id = files.id`;
  // Deleted once this transaction is over, when no committed row names them any more.
  for (const { participantId, storageKey } of evidence)
    releaseFileIfUnreferenced(deps, { participantId }, storageKey);
  return evidence.length;
}
