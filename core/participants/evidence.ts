import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { sha256Hex } from '../storage/evidence-store.ts';
import { releaseFileIfUnreferenced } from '../storage/stored-files.ts';
import { detectEvidenceType } from './evidence-type.ts';
import { cleanFileName } from './free-text.ts';
import { lockOwnParticipant, requireDraft } from './participant-access.ts';

/** Enough for a complaint's proofs; more usually means the same pages photographed again. */
export const MAX_EVIDENCE_FILES = 10;

const evidenceView = {
  id: true,
  sha256: true,
  mimeType: true,
  sizeBytes: true,
  fileName: true,
  createdAt: true,
} as const;

/**
 * A proof file (photo, scan, PDF), downloaded from the platform by the adapter and kept by the service
 * (product.md §7). Every check runs before the file is stored, so a refused file is never written; the
 * same file sent twice is recorded once.
 */
export const addEvidence = defineCommand({
  name: 'addEvidence',
  actors: ['person'],
  input: z.object({
    participantId: z.uuid(),
    bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
    /** What the platform says the file is. Only a hint: the bytes decide. */
    declaredMimeType: z.string().max(200).optional(),
    fileName: z.string().max(1000).optional(),
  }),
  async run(ctx, input, deps) {
    const participant = await lockOwnParticipant(ctx, input.participantId);
    requireDraft(participant);
    const maxMegabytes = Math.floor(deps.limits.maxEvidenceBytes / (1024 * 1024));
    if (input.bytes.length === 0) refuse('RULE_VIOLATION', 'participants:errors.evidenceEmpty');
    if (input.bytes.length > deps.limits.maxEvidenceBytes) {
      refuse('RULE_VIOLATION', 'participants:errors.evidenceTooLarge', { maxMegabytes });
    }
    const mimeType = detectEvidenceType(input.bytes);
    if (!mimeType) refuse('RULE_VIOLATION', 'participants:errors.evidenceTypeNotAllowed');
    const sha256 = sha256Hex(input.bytes);
    const existing = await ctx.tx.evidence.findUnique({
      where: { participantId_sha256: { participantId: participant.id, sha256 } },
      select: evidenceView,
    });
    if (existing) return { evidence: existing, alreadyThere: true };
    const count = await ctx.tx.evidence.count({ where: { participantId: participant.id } });
    if (count >= MAX_EVIDENCE_FILES) {
      refuse('RULE_VIOLATION', 'participants:errors.evidenceLimitReached', { max: MAX_EVIDENCE_FILES });
    }

    const stored = await deps.evidence.put(input.bytes);
    // From here on the file exists outside the transaction: it is released after the transaction
    // unless the row below is committed (see core/storage/stored-files.ts).
    releaseFileIfUnreferenced(deps, { participantId: participant.id }, stored.storageKey);
    const evidence = await ctx.tx.evidence.create({
      data: {
        participantId: participant.id,
        sha256,
        mimeType,
        sizeBytes: input.bytes.length,
        storageKey: stored.storageKey,
        fileName: cleanFileName(input.fileName),
        createdAt: ctx.now,
      },
      select: evidenceView,
    });
    ctx.audit({
      action: 'participant.evidenceAdded',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      details: { evidenceId: evidence.id, files: count + 1 },
    });
    return { evidence, alreadyThere: false };
  },
});

/** A person removes one of their own files while the file is a draft. */
export const removeEvidence = defineCommand({
  name: 'removeEvidence',
  actors: ['person'],
  input: z.object({ participantId: z.uuid(), evidenceId: z.uuid() }),
  async run(ctx, input, deps) {
    const participant = await lockOwnParticipant(ctx, input.participantId);
    requireDraft(participant);
    const evidence = await ctx.tx.evidence.findFirst({
      where: { id: input.evidenceId, participantId: participant.id },
    });
    if (!evidence) refuse('NOT_FOUND', 'participants:errors.evidenceNotFound');
    await ctx.tx.evidence.delete({ where: { id: evidence.id } });
    // The bytes go only once the deletion is committed: never a row left pointing at nothing.
    releaseFileIfUnreferenced(deps, { participantId: participant.id }, evidence.storageKey);
    ctx.audit({
      action: 'participant.evidenceRemoved',
      mediationId: participant.mediationId,
      subjectId: participant.id,
      details: { evidenceId: evidence.id },
    });
    return { removed: evidence.id };
  },
});
