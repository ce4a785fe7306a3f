import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDatabaseFolder } from '../../core/db/folder-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'clf-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock of the embedded database folder', () => {
  it('is held by one process at a time, and given back on release', () => {
    const lockFile = join(dir, 'one.lock');
    const first = claimDatabaseFolder(lockFile);
    expect(first.ok).toBe(true);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    expect(claimDatabaseFolder(lockFile)).toEqual({ ok: false, heldBy: process.pid });
    if (first.ok) first.release();
    expect(existsSync(lockFile)).toBe(false);
    const again = claimDatabaseFolder(lockFile);
    expect(again.ok).toBe(true);
    if (again.ok) again.release();
  });

  it('is taken over when the process that left it is gone (killed, crashed)', () => {
    const lockFile = join(dir, 'stale.lock');
    // The id of a process that has exited: nothing runs under it any more.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(lockFile, String(gone));
    const claim = claimDatabaseFolder(lockFile);
    expect(claim.ok).toBe(true);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    if (claim.ok) claim.release();
  });

  it('is not released by someone else’s release', () => {
    const lockFile = join(dir, 'theirs.lock');
    const mine = claimDatabaseFolder(lockFile);
    if (!mine.ok) throw new Error('expected the lock');
    // Another process took it over in between (ours looked stale to it).
    writeFileSync(lockFile, '1');
    mine.release();
    expect(readFileSync(lockFile, 'utf8')).toBe('1');
  });
});
