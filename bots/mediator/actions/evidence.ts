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
    const fallback = f.say('mediator:evidence.defaultName');
    const written = viewed.files.map((file, index) =>
      file.bytes ? evidenceFile(ref, index + 1, file.fileName, file.mimeType, file.bytes, fallback) : null,
    );
    const files = written.filter((file): file is OutputFile => file !== null);
    const missing = viewed.files.length - files.length;
    const lines = [
      viewed.files.length === 0
        ? f.say('mediator:evidence.none', { id: ref })
        : f.say('mediator:evidence.done', { id: ref, count: files.length }),
      ...(missing > 0 ? [f.say('mediator:evidence.missing', { count: missing })] : []),
    ];
    const data = {
      participantId,
      files: viewed.files.map(({ bytes, ...file }, index) => ({
        ...file,
        name: written[index]?.name ?? null,
      })),
    };
    return succeed(lines.join('\n'), data, { files });
  },
});

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
