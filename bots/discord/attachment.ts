import type { Attachment } from 'discord.js';
import { type Download, readAtMost } from '../conversation/read-at-most.ts';
import type { IncomingFile } from '../conversation/types.ts';

/** A stuck download must not hold the person's conversation forever. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Fetches the file attached to `/justificatif`, never more than `maxBytes`: the size Discord announces is
 * checked first (nothing is downloaded for a file that is too large), then the bytes received. Its URL
 * expires, so it is fetched at once. What the file really is, the core decides from its content.
 */
export async function downloadAttachment(
  attachment: Pick<Attachment, 'url' | 'size'>,
  maxBytes: number,
): Promise<Download> {
  if (attachment.size > maxBytes) return { status: 'tooLarge' };
  const response = await fetch(attachment.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) return { status: 'failed' };
  return readAtMost(response.body, maxBytes);
}

export function incomingFileOf(attachment: Attachment, bytes: Uint8Array): IncomingFile {
  return {
    bytes,
    declaredMimeType: attachment.contentType ?? undefined,
    fileName: attachment.name,
  };
}
