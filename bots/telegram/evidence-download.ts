import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Telegram } from 'telegraf';
import { type Download, readAtMost } from '../conversation/read-at-most.ts';
import type { SentFile } from './incoming.ts';

export type { Download };

/** A stuck download must not hold the person's conversation forever. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Fetches a file the person sent, never more than `maxBytes`: the size Telegram announces is checked
 * first (nothing is downloaded for a file that is too large), then the size `getFile` gives, then the
 * bytes actually received, since an announcement is not a promise.
 */
export async function downloadSentFile(
  telegram: Telegram,
  file: SentFile,
  maxBytes: number,
): Promise<Download> {
  if (file.size !== undefined && file.size > maxBytes) return { status: 'tooLarge' };
  const info = await telegram.getFile(file.fileId);
  if (info.file_size !== undefined && info.file_size > maxBytes) return { status: 'tooLarge' };
  if (!info.file_path) return { status: 'failed' };
  const link = await telegram.getFileLink(info);
  // A self-hosted Bot API server in --local mode answers with a path on its own disk.
  if (link.protocol === 'file:') return readLocalFile(fileURLToPath(link), maxBytes);
  const response = await fetch(link, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) return { status: 'failed' };
  return readAtMost(response.body, maxBytes);
}

async function readLocalFile(path: string, maxBytes: number): Promise<Download> {
  if ((await stat(path)).size > maxBytes) return { status: 'tooLarge' };
  return { status: 'ok', bytes: new Uint8Array(await readFile(path)) };
}
