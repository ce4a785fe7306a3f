import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import type { IncomingFile } from '../conversation/types.ts';

export type LocalFileResult =
  | { ok: true; file: IncomingFile }
  | { ok: false; reason: 'notFound' | 'notAFile' | 'tooLarge' | 'unreadable' };

/**
 * Reads a file of the computer the terminal chat runs on, as evidence. Its size is checked before it
 * is read, so a mistaken path to a huge file (a video, a disk image) is refused without loading it.
 * Its type is not guessed from the name: the core checks the bytes themselves.
 */
export async function readLocalEvidence(
  path: string,
  maxBytes: number,
  cwd: string = process.cwd(),
): Promise<LocalFileResult> {
  const absolute = resolve(cwd, path.replace(/^~(?=$|[/\\])/, homedir()));
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return { ok: false, reason: 'notAFile' };
    if (info.size > maxBytes) return { ok: false, reason: 'tooLarge' };
    const bytes = await readFile(absolute);
    // The file may have grown between the two calls.
    if (bytes.byteLength > maxBytes) return { ok: false, reason: 'tooLarge' };
    return { ok: true, file: { bytes: new Uint8Array(bytes), fileName: basename(absolute) } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'notFound' : 'unreadable' };
  }
}
