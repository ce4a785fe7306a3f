import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite runs PostgreSQL inside the process and does not stop a second process from opening the same
 * folder: both would write to it and corrupt it. So whoever opens the embedded database first leaves its
 * process id in a lock file next to it, and the next one (`npm run admin` while `npm start` runs) learns
 * who holds it. A lock left by a process that is gone (killed, crashed) is taken over.
 */
export type FolderClaim = { ok: true; release: () => void } | { ok: false; heldBy: number };

export function claimDatabaseFolder(lockFile: string): FolderClaim {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return { ok: true, release: () => releaseIfOurs(lockFile) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (holder !== undefined && isAlive(holder)) return { ok: false, heldBy: holder };
      // Stale: its process is gone. Remove it and try once more (another process may win that race).
      rmSync(lockFile, { force: true });
    }
  }
  return { ok: false, heldBy: readHolder(lockFile) ?? 0 };
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 only checks that the process exists; EPERM means it exists but belongs to another user.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(lockFile: string): void {
  if (readHolder(lockFile) === process.pid) rmSync(lockFile, { force: true });
}
