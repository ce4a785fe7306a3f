import { mkdir, writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { OutgoingFile } from '../conversation/types.ts';

export type SavedDownload = { ok: true; path: string } | { ok: false; reason: string };

/** Past this many copies of one name, something else is wrong: say so rather than loop. */
const MAX_COPIES = 1000;

/**
 * Writes a file the chat hands over (a published list) into the terminal's downloads folder, next to
 * its data: readable by this account only, and never over a file already there (an earlier copy the
 * person may have compared or annotated), so a second download becomes `name-2.csv`, `name-3.csv`…
 */
export async function saveDownload(folder: string, file: OutgoingFile): Promise<SavedDownload> {
  const { name, ext } = parse(file.name);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    for (let copy = 1; copy <= MAX_COPIES; copy++) {
      const path = join(folder, copy === 1 ? file.name : `${name}-${copy}${ext}`);
      try {
        await writeFile(path, file.bytes, { flag: 'wx', mode: 0o600 });
        return { ok: true, path };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return { ok: false, reason: 'EEXIST' };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}
