import { z } from 'zod';
import { extensionOf } from '../../../core/participants/evidence-type.ts';
import { shortId } from '../../../core/references/short-id.ts';
import type { OutputFile } from '../action.ts';
import * as arg from '../arg-types.ts';
import { defineAction, need, succeed } from '../define-action.ts';
import { formatter } from '../format.ts';
import { findId } from '../resolve.ts';

/**
 * The proofs of a file, handed to the mediator who asked: written into a folder by the command line
 * (`<file>-1-facture.pdf`…), uploaded to their direct messages by Slack. Each look is audited by the core.
 */
export const viewEvidence = defineAction({
  name: 'evidence',
  summaryKey: 'mediator:actions.evidence.summary',
  args: z.object({ participant: arg.ref() }),
  positional: ['participant'],
  async run(ctx, args) {
    const participantId = await findId(ctx, 'participant', args.participant);
    const viewed = need(await ctx.core.viewEvidence(ctx.actor, { participantId }));
    const f = formatter(ctx);
    const ref = shortId(participantId);
    const { files, missing, described } = handOver(ref, viewed.files, f.say('mediator:evidence.defaultName'));
    const lines = [
      viewed.files.length === 0
        ? f.say('mediator:evidence.none', { id: ref })
        : f.say('mediator:evidence.done', { id: ref, count: files.length }),
      ...(missing > 0 ? [f.say('mediator:evidence.missing', { count: missing })] : []),
    ];
    return succeed(lines.join('\n'), { participantId, files: described }, { files });
  },
});

/** A stored proof as the core hands it over: `bytes` is null when the storage could not give them. */
interface HandedProof {
  fileName: string | null;
  mimeType: string;
  bytes: Uint8Array | null;
}

/**
 * Proofs made into files named `<ref>-<n>-<name>.<ext>` (see `evidenceFile`), how many could not be
 * read, and each proof described without its bytes, with the name it was written under (null: unread).
 */
export function handOver<Proof extends HandedProof>(ref: string, proofs: Proof[], fallback: string) {
  const written = proofs.map((proof, index) =>
    proof.bytes ? evidenceFile(ref, index + 1, proof.fileName, proof.mimeType, proof.bytes, fallback) : null,
  );
  const files = written.filter((file): file is OutputFile => file !== null);
  const described = proofs.map(({ bytes: _bytes, ...proof }, index) => ({
    ...proof,
    name: written[index]?.name ?? null,
  }));
  return { files, missing: proofs.length - files.length, described };
}

/**
 * `3f2a9c1b-1-facture-sfr.pdf`: the file's reference, its place, its own name made safe for any disk
 * (letters, digits, hyphens), and the extension of the type detected from its bytes.
 */
export function evidenceFile(
  ref: string,
  position: number,
  givenName: string | null,
  mimeType: string,
  content: Uint8Array,
  fallback: string,
): OutputFile {
  const extension = extensionOf(mimeType);
  const base = (givenName ?? '').replace(/\.[^.]*$/, '');
  const safe = base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const name = `${ref}-${position}-${safe || fallback}.${extension}`;
  return { name, ...(base.trim() ? { label: `${base.trim()}.${extension}` } : {}), mimeType, content };
}
