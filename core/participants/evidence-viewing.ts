import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';

/**
 * A mediator opens the proof files of a file they review. Proofs are among the most personal things
 * the service keeps (bank statements, letters), so every look is an audit entry: who, which file,
 * when (the entry's own time). Drafts stay the person's own: they are not found. A file missing from
 * the store (a disk restored without it) is reported as such, not hidden.
 */
export const viewEvidence = defineCommand({
  name: 'viewEvidence',
  actors: ['mediator'],
  input: z.object({ participantId: z.uuid() }),
  async run(ctx, { participantId }, deps) {
    const participant = await ctx.tx.participant.findUnique({
      where: { id: participantId },
      select: {
        id: true,
        status: true,
        mediationId: true,
        evidence: {
          orderBy: { createdAt: 'asc' },
          select: { id: true, fileName: true, mimeType: true, sizeBytes: true, storageKey: true },
        },
      },
    });
    if (!participant || participant.status === 'DRAFT')
      refuse('NOT_FOUND', 'participants:errors.fileNotFound');
    const files = await Promise.all(
      participant.evidence.map(async ({ storageKey, ...evidence }) => ({
        ...evidence,
        bytes: await deps.evidence.get(storageKey).catch(() => null),
      })),
    );
    ctx.audit({
      action: 'evidence.viewed',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      details: { files: files.length, missing: files.filter((file) => file.bytes === null).length },
    });
    return { participantId, files };
  },
});
