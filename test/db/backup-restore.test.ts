import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../core/audit/audit-log.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { systemClock } from '../../core/clock/clock.ts';
import {
  BackupRefused,
  backupEmbeddedDatabase,
  restoreEmbeddedDatabase,
} from '../../core/db/backup/embedded-backup.ts';
import { claimDatabaseFolder } from '../../core/db/folder-lock.ts';
import {
  EmbeddedDatabaseInUse,
  embeddedLockFile,
  migrateConfiguredDatabase,
  openConfiguredDatabase,
} from '../../core/db/open-configured.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { fileEvidenceStore } from '../../core/storage/evidence-store.ts';
import { usingServer } from '../support/database.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'clf-backup-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const config = { DATA_DIR: join(workDir, 'data') };
const evidenceDir = join(config.DATA_DIR, 'evidence');
const backupFile = join(workDir, 'backup.tar');

/** What the test compares before and after: rows, the audit chain's head, the evidence files' bytes. */
async function snapshot() {
  const db = await openConfiguredDatabase(config);
  try {
    const mediations = await db.sql.query<{ slug: string; title_fr: string }>(
      'SELECT slug, title_fr FROM mediation ORDER BY slug',
    );
    const audit = await verifyAuditChains(db.prisma);
    const evidence = Object.fromEntries(
      readdirSync(evidenceDir).map((name) => [name, readFileSync(join(evidenceDir, name)).toString('hex')]),
    );
    return { mediations, audit, evidence };
  } finally {
    await db.close();
  }
}

// The embedded database only: the PostgreSQL pass would run exactly the same test again.
describe.skipIf(usingServer())('npm run db:backup and db:restore (embedded database)', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  let proofKey: string;

  beforeAll(async () => {
    const db = await openConfiguredDatabase(config);
    await migrateConfiguredDatabase(config, db);
    await seedDemoData(db, systemClock);
    await db.close();
    ({ storageKey: proofKey } = await fileEvidenceStore(evidenceDir).put(randomBytes(70_000)));
    before = await snapshot();
    expect(before.mediations).toHaveLength(5);
    expect(before.audit.valid && before.audit.entries).toBeGreaterThan(0);
  }, 120_000);

  it('backs up, and a restore brings back exactly the backed-up data', { timeout: 240_000 }, async () => {
    const backup = await backupEmbeddedDatabase(config, backupFile);
    expect(backup).toMatchObject({ file: backupFile, evidenceFiles: 1 });
    expect(backup.migrations).toBeGreaterThan(0);
    // Never over an existing file.
    await expect(backupEmbeddedDatabase(config, backupFile)).rejects.toThrow(/already exists/);

    // Changes after the backup: a row edited, an audit entry, a proof removed and another one added.
    const db = await openConfiguredDatabase(config);
    await db.sql.query(
      `UPDATE mediation SET title_fr = 'Changé après la sauvegarde' WHERE slug = 'red-by-sfr'`,
    );
    await db.prisma.$transaction((tx) =>
      appendAudit(tx, 'test', new Date(), [{ action: 'test.after_backup' }]),
    );
    await db.close();
    const evidence = fileEvidenceStore(evidenceDir);
    await evidence.delete(proofKey);
    const { storageKey: laterKey } = await evidence.put(randomBytes(1_000));
    const changed = await snapshot();
    expect(changed.mediations).not.toEqual(before.mediations);

    // Not while another process has the database open (here: this one holds the lock).
    const held = claimDatabaseFolder(embeddedLockFile(config));
    if (!held.ok) throw new Error('expected to hold the lock');
    try {
      await expect(restoreEmbeddedDatabase(config, backupFile, { replaceExisting: true })).rejects.toThrow(
        EmbeddedDatabaseInUse,
      );
      await expect(backupEmbeddedDatabase(config, join(workDir, 'other.tar'))).rejects.toThrow(
        EmbeddedDatabaseInUse,
      );
    } finally {
      held.release();
    }
    // Not over existing data without --yes.
    await expect(restoreEmbeddedDatabase(config, backupFile, { replaceExisting: false })).rejects.toThrow(
      /already holds a database.*--yes/,
    );
    expect(readdirSync(config.DATA_DIR).filter((name) => name.includes('restor'))).toEqual([]);

    const restored = await restoreEmbeddedDatabase(config, backupFile, { replaceExisting: true });
    expect(restored).toMatchObject({ evidenceFiles: 1, migrations: backup.migrations });
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.audit.valid).toBe(true);
    expect(after.audit.chains.map((chain) => chain.head)).toEqual(
      before.audit.chains.map((chain) => chain.head),
    );

    // What the restore replaced is kept aside, not deleted.
    expect(restored.keptAside).toHaveLength(2);
    const asideEvidence = restored.keptAside.find((path) => path.includes('evidence.before-restore-'));
    expect(readdirSync(String(asideEvidence))).toEqual([laterKey]);
    expect(existsSync(join(String(restored.keptAside[0]), 'PG_VERSION'))).toBe(true);
  });

  it('refuses a damaged backup and changes nothing', { timeout: 120_000 }, async () => {
    const damaged = join(workDir, 'damaged.tar');
    copyFileSync(backupFile, damaged);
    truncateSync(damaged, 200_000);
    const data = readdirSync(config.DATA_DIR).sort();
    await expect(restoreEmbeddedDatabase(config, damaged, { replaceExisting: true })).rejects.toThrow(
      /is damaged: .*truncated.*Nothing was changed/,
    );
    expect(readdirSync(config.DATA_DIR).sort()).toEqual(data);
    await expect(
      restoreEmbeddedDatabase(config, join(root, 'package.json'), { replaceExisting: true }),
    ).rejects.toThrow(BackupRefused);
  });

  it('npm run db:restore refuses existing data without --yes (exit code 1, one line)', {
    timeout: 120_000,
  }, async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        join(root, 'node_modules/.bin/tsx'),
        [join(root, 'core/db/restore-cli.ts'), backupFile],
        { cwd: workDir, env: { PATH: process.env.PATH ?? '', DATA_DIR: config.DATA_DIR }, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Error: .* already holds a database: .*Run again with --yes .*\n$/);
  });
});
