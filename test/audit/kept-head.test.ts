import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { parseKeptHead, verifyAuditReport, verifyExitCodes } from '../../core/audit/verify-report.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables, serverUrls, usingServer } from '../support/database.ts';
import {
  appendEntries,
  asOwnerWithoutTrigger,
  headHash,
  rewriteConsistently,
  truncateAsOwner,
} from './support.ts';

const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

const where = 'the test database';
const report = (kept?: string) => verifyAuditReport(t.db.prisma, where, kept);

/** Five entries, and the head someone kept (printed by audit:verify, posted to the mediators). */
async function chainWithKeptHead() {
  await appendEntries(t, 3);
  await appendEntries(t, 2);
  return headHash(t.db);
}

describe('audit:verify --expect <kept head>', () => {
  it('passes on the untouched chain, and on one that continued after the head was kept', async () => {
    const kept = await chainWithKeptHead();
    expect(await report(kept)).toEqual({
      exitCode: verifyExitCodes.intact,
      message: expect.stringContaining(`The hash you kept (${kept}) is entry #5 of the chain “shared log`),
    });
    await appendEntries(t, 2);
    const later = await report(kept);
    expect(later.exitCode).toBe(0);
    expect(later.message).toContain('entry #5 of the chain');
    expect(later.message).toContain(`entries: 7; hash of the last one (#7): ${await headHash(t.db)}`);
  });

  it('catches a consistent rewrite that the chain alone cannot show', async () => {
    const kept = await chainWithKeptHead();
    await rewriteConsistently(t.db, 2n, 'forged');
    // Walked alone, the rewritten chain is a perfectly valid one…
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true, entries: 5 });
    expect((await report()).exitCode).toBe(0);
    // …that no longer holds the head kept before the rewrite.
    const result = await report(kept);
    expect(result.exitCode).toBe(verifyExitCodes.headMissing);
    expect(result.message).toContain(`does NOT contain the hash you kept (${kept})`);
    expect(result.message).toContain(`hash of the last one (#5): ${await headHash(t.db)}`);
  });

  it('catches an emptied log', async () => {
    const kept = await chainWithKeptHead();
    await truncateAsOwner(t.db);
    expect((await report()).message).toContain('is intact: chains: 1; entries: 0');
    const result = await report(kept);
    expect(result.exitCode).toBe(verifyExitCodes.headMissing);
    expect(result.message).toContain('its chains link up');
  });

  it('catches entries cut off the end, even with the kept hash planted outside the chain', async () => {
    const kept = await chainWithKeptHead();
    await asOwnerWithoutTrigger(t.db, async () => {
      await t.db.sql.exec('DELETE FROM audit_entry WHERE position > 3');
      // A row with the kept hash, where the walk of the chain never goes.
      await t.db.sql.exec(`INSERT INTO audit_entry (seq, at, actor, action, prev_hash, hash, chain, position)
        VALUES (0, now(), 'x', 'x', repeat('0', 64), '${kept}', 'none', 0)`);
    });
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true, entries: 3 });
    expect(await report(kept)).toMatchObject({ exitCode: verifyExitCodes.headMissing });
  });

  it('says a broken chain is broken, kept head or not', async () => {
    const kept = await chainWithKeptHead();
    await asOwnerWithoutTrigger(t.db, () =>
      t.db.sql.exec(`UPDATE audit_entry SET action = 'x' WHERE position = 4`),
    );
    expect(await report(kept)).toEqual({
      exitCode: verifyExitCodes.broken,
      message: expect.stringContaining(
        'shared log (no mediation, and roots): BROKEN at entry #4: an entry was edited',
      ),
    });
  });

  it('accepts only a head hash as the kept head', () => {
    expect(parseKeptHead(` ${'AB'.repeat(32)}\n`)).toBe('ab'.repeat(32));
    expect(parseKeptHead('ab'.repeat(31))).toBeUndefined();
    expect(parseKeptHead(`${'ab'.repeat(31)}zz`)).toBeUndefined();
  });
});

// The operator's view: the real command, its output and its exit code.
const root = new URL('../../', import.meta.url).pathname;
function runVerify(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'core/audit/verify-cli.ts'), ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: '/nonexistent', ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run audit:verify', () => {
  it('refuses a kept head that is not a hash, before opening any database', {
    timeout: 120_000,
  }, async () => {
    const run = await runVerify(['--expect', 'abc']);
    expect(run).toMatchObject({ code: verifyExitCodes.badArgument, stdout: '' });
    expect(run.stderr).toContain('--expect takes a hash of 64 hexadecimal digits');
  });

  it.runIf(usingServer())(
    'exits 0 with the kept head, 4 once the tail is cut',
    { timeout: 120_000 },
    async () => {
      const kept = await chainWithKeptHead();
      const env = { DATABASE_URL: serverUrls.get(t.db) ?? '' };
      const ok = await runVerify(['--expect', kept], env);
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toContain(`The hash you kept (${kept}) is entry #5 of the chain`);
      const fr = await runVerify(['--expect', kept, '--lang', 'fr'], env);
      expect(fr.stdout).toContain(`L’empreinte que vous avez gardée (${kept}) est l’entrée n°\u00a05`);
      // The whole report in French, the database it read included.
      expect(fr.stdout).toMatch(
        /^Le journal d’audit de la base PostgreSQL «\u00a0clf_test_\w+\u00a0» sur [^ ]+ est intact/,
      );
      await asOwnerWithoutTrigger(t.db, () => t.db.sql.exec('DELETE FROM audit_entry WHERE position > 4'));
      const cut = await runVerify(['--expect', kept], env);
      expect(cut.code).toBe(verifyExitCodes.headMissing);
      expect(cut.stdout).toContain('does NOT contain the hash you kept');
    },
  );
});
