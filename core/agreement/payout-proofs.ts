import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { CoreDeps } from '../deps.ts';
import { refuse } from '../domain/errors.ts';
import { detectEvidenceType } from '../participants/evidence-type.ts';
import { cleanFileName } from '../participants/free-text.ts';
import { sha256Hex } from '../storage/evidence-store.ts';
import { releaseFileIfUnreferenced } from '../storage/stored-files.ts';

/**
 * Proofs of transfer (issue 15). The company may attach one file when it marks payouts as sent; it
 * covers the payouts of that marking (a bank's batch statement lists many transfers). The bytes go to
 * the evidence store like a consumer's evidence, with the same checks (type read from the bytes, size
 * limit); only the mediators read them back. Such a file can hold every payee's bank details, and a PDF
 * cannot be redacted: a payee's erasure or the retention clock deletes the whole proof.
 */
export const payoutProofInput = z.object({
  bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
  fileName: z.string().max(1000).optional(),
});

/** Stores the proof and links it to `payoutIds`, in the caller's transaction (the mediation locked). */
export async function attachPayoutProof(
  ctx: CommandContext,
  deps: CoreDeps,
  mediationId: string,
  payoutIds: string[],
  proof: z.infer<typeof payoutProofInput>,
): Promise<string> {
  if (proof.bytes.length === 0) refuse('RULE_VIOLATION', 'company:errors.proofEmpty');
  if (proof.bytes.length > deps.limits.maxEvidenceBytes) {
    const maxMegabytes = Math.floor(deps.limits.maxEvidenceBytes / (1024 * 1024));
    refuse('RULE_VIOLATION', 'company:errors.proofTooLarge', { maxMegabytes });
  }
  const mimeType = detectEvidenceType(proof.bytes);
  if (!mimeType) refuse('RULE_VIOLATION', 'company:errors.proofType');
  const stored = await deps.evidence.put(proof.bytes);
  // Outside the transaction from here on: released after it unless the row below is committed.
  releaseFileIfUnreferenced(deps, { mediationId }, stored.storageKey);
  const { id } = await ctx.tx.payoutProof.create({
    data: {
      mediationId,
      storageKey: stored.storageKey,
      sha256: sha256Hex(proof.bytes),
      mimeType,
      sizeBytes: proof.bytes.length,
      fileName: cleanFileName(proof.fileName),
      createdAt: ctx.now,
    },
    select: { id: true },
  });
  await ctx.tx.payout.updateMany({ where: { id: { in: payoutIds } }, data: { proofId: id } });
  // The file's name stays out of the audit: a company may name it after a payee.
  ctx.audit({
    action: 'payout.proofAttached',
    mediationId,
    subjectId: id,
    details: { payouts: payoutIds.length, sizeBytes: proof.bytes.length, mimeType },
  });
  return id;
}

/**
 * Deletes every proof covering a payout of these files (with its bytes, once the transaction is over):
 * for a payee's erasure and for the retention clock. The payouts stay, without their proof.
 */
export async function forgetPayoutProofs(
  ctx: CommandContext,
  deps: CoreDeps,
  participantIds: string[],
): Promise<number> {
  const proofs = await ctx.tx.$queryRaw<{ id: string; storageKey: string }[]>`
    SELECT DISTINCT pp.id, pp.storage_key AS "storageKey"
    FROM payout_proof pp JOIN payout p ON p.proof_id = pp.id
    WHERE p.participant_id = ANY(${participantIds}::uuid[])`;
  if (proofs.length === 0) return 0;
  await ctx.tx.payoutProof.deleteMany({ where: { id: { in: proofs.map((proof) => proof.id) } } });
  for (const { id, storageKey } of proofs)
    releaseFileIfUnreferenced(deps, { deletedProofId: id }, storageKey);
  return proofs.length;
}

/**
 * The mediators read a mediation's proofs of transfer, each with the number of payouts it covers. A
 * file the store lost comes back without bytes (said, not hidden). Each reading is audited.
 */
export const viewPayoutProofs = defineCommand({
  name: 'viewPayoutProofs',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }, deps) {
    const mediation = await ctx.tx.mediation.findUnique({ where: { id: mediationId }, select: { id: true } });
    if (!mediation) refuse('NOT_FOUND', 'errors:mediationNotFound');
    const proofs = await ctx.tx.payoutProof.findMany({
      where: { mediationId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        fileName: true,
        mimeType: true,
        sizeBytes: true,
        storageKey: true,
        createdAt: true,
        _count: { select: { payouts: true } },
      },
    });
    const files = await Promise.all(
      proofs.map(async ({ storageKey, _count, ...proof }) => ({
        ...proof,
        payouts: _count.payouts,
        bytes: await deps.evidence.get(storageKey).catch(() => null),
      })),
    );
    ctx.audit({
      action: 'payout.proofsViewed',
      mediationId,
      subjectId: mediationId,
      details: { files: files.length, missing: files.filter((file) => file.bytes === null).length },
    });
    return { mediationId, files };
  },
});
