import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  databaseEvidenceStore,
  pruneOrphanEvidenceFiles,
} from '../../core/storage/database-evidence-store.ts';
import { fileEvidenceStore, sha256Hex } from '../../core/storage/evidence-store.ts';
import { importEvidenceFiles } from '../../core/storage/import-evidence-files.ts';
import { sweepOrphanEvidenceFiles } from '../../core/storage/orphan-sweep.ts';
import { createOpenMediation, sampleFiles } from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables, serverUrls } from '../support/database.ts';
import { insertParticipant } from '../support/participants.ts';

const t = useTestCore();
const folder = mkdtempSync(join(tmpdir(), 'clf-evidence-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeEach(() => emptyAllTables(t.db));

/** An evidence row of a new participant, naming `storageKey`, for bytes with this content. */
async function evidenceRow(storageKey: string, bytes: Uint8Array) {
  const { mediation } = await createOpenMediation(t);
  const { participantId } = await insertParticipant(t.db, mediation.id, t.clock.now());
  await t.db.prisma.evidence.create({
    data: {
      participantId,
      sha256: sha256Hex(bytes),
      mimeType: 'application/pdf',
      sizeBytes: bytes.length,
      storageKey,
    },
  });
}

const storedKeys = async () =>
  (await t.db.sql.query<{ k: string }>('SELECT storage_key::text AS k FROM evidence_file ORDER BY 1')).map(
    (row) => row.k,
  );

describe('files nobody references', () => {
  it('are deleted an hour after they were stored, and only those', async () => {
    const store = databaseEvidenceStore(t.db.sql);
    const kept = await store.put(sampleFiles.pdf); // referenced: an evidence row names it
    await evidenceRow(kept.storageKey, sampleFiles.pdf);
    const proof = await store.put(sampleFiles.pdf); // a company's proof of transfer names it
    const { mediation } = await createOpenMediation(t);
    await t.db.prisma.payoutProof.create({
      data: {
        mediationId: mediation.id,
        storageKey: proof.storageKey,
        sha256: sha256Hex(sampleFiles.pdf),
        mimeType: 'application/pdf',
        sizeBytes: sampleFiles.pdf.length,
      },
    });
    const orphan = await store.put(sampleFiles.png); // a process died before recording it
    const recent = await store.put(sampleFiles.jpeg); // its command may still be running
    await t.db.sql.query(
      `UPDATE evidence_file SET created_at = now() - interval '61 minutes' WHERE storage_key <> $1::uuid`,
      [recent.storageKey],
    );
    expect(await pruneOrphanEvidenceFiles(t.db.sql)).toBe(1);
    expect(await storedKeys()).toEqual([kept.storageKey, proof.storageKey, recent.storageKey].sort());
    await expect(store.get(orphan.storageKey)).rejects.toThrow();
    expect(await pruneOrphanEvidenceFiles(t.db.sql)).toBe(0);
  });

  it('are deleted from the embedded database’s folder too, an hour after they were written', async () => {
    const dir = join(folder, 'evidence-on-disk');
    const store = fileEvidenceStore(dir);
    const deps = { ...t.core.deps, evidence: store };
    const kept = await store.put(sampleFiles.pdf);
    await evidenceRow(kept.storageKey, sampleFiles.pdf);
    // A crash between the commit of an erasure and the deletion of its file leaves this one.
    const orphan = await store.put(sampleFiles.png);
    const recent = await store.put(sampleFiles.jpeg);
    writeFileSync(join(dir, 'README'), 'not a key: not ours to delete');
    const anHourAgo = new Date(t.clock.now().getTime() - 61 * 60 * 1000);
    for (const name of [kept.storageKey, orphan.storageKey, 'README'])
      utimesSync(join(dir, name), anHourAgo, anHourAgo);
    expect(await sweepOrphanEvidenceFiles(deps)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([kept.storageKey, recent.storageKey, 'README'].sort());
    expect(existsSync(join(dir, orphan.storageKey))).toBe(false);
    expect(await sweepOrphanEvidenceFiles(deps)).toBe(0);
  });
});

describe('npm run evidence:import (files an earlier version kept on disk)', () => {
  it('copies the files evidence rows name, once, and reports the others', async () => {
    const dir = join(folder, `evidence-${randomUUID()}`);
    mkdirSync(dir);
    const [good, tampered, unreferenced, missing] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    writeFileSync(join(dir, good), sampleFiles.pdf);
    await evidenceRow(good, sampleFiles.pdf);
    writeFileSync(join(dir, tampered), sampleFiles.png);
    await evidenceRow(tampered, sampleFiles.webp); // the row's sha256 is another file's
    writeFileSync(join(dir, unreferenced), sampleFiles.jpeg);
    writeFileSync(join(dir, 'notes.txt'), 'not a stored file');
    await evidenceRow(missing, sampleFiles.heic); // its file is in no folder here

    expect(await importEvidenceFiles(t.db, dir)).toEqual({
      imported: 1,
      alreadyThere: 0,
      unreferenced: 1,
      mismatched: 1,
      stillMissing: 2,
    });
    expect(await storedKeys()).toEqual([good]);
    expect(sha256Hex(await databaseEvidenceStore(t.db.sql).get(good))).toBe(sha256Hex(sampleFiles.pdf));
    // Run again (or on another instance's folder): nothing is copied twice.
    expect(await importEvidenceFiles(t.db, dir)).toMatchObject({ imported: 0, alreadyThere: 1 });
    expect(await storedKeys()).toEqual([good]);
  });

  it('finds nothing to do without a folder', async () => {
    expect(await importEvidenceFiles(t.db, join(folder, 'none'))).toEqual({
      imported: 0,
      alreadyThere: 0,
      unreferenced: 0,
      mismatched: 0,
      stillMissing: 0,
    });
  });
});

describe('the evidence:import command line', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        join(root, 'node_modules/.bin/tsx'),
        [join(root, 'core/storage/import-cli.ts')],
        { cwd: folder, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });

  it('copies into the server, or says the embedded database keeps its folder', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(folder, `data-${randomUUID()}`);
    mkdirSync(join(dataDir, 'evidence'), { recursive: true });
    const url = serverUrls.get(t.db);
    if (!url) {
      // PGlite's test database lives in this process: the command opens an embedded one of its own.
      expect(await run({ DATA_DIR: dataDir })).toEqual({
        code: 0,
        stdout: `Nothing to do: with the embedded database, evidence files stay in ${dataDir}/evidence.\n`,
      });
      return;
    }
    const key = randomUUID();
    writeFileSync(join(dataDir, 'evidence', key), sampleFiles.pdf);
    await evidenceRow(key, sampleFiles.pdf);
    const result = await run({ DATA_DIR: dataDir, DATABASE_URL: url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      ': 1 copied, 0 already there, 0 not referenced (left alone), 0 not matching',
    );
    expect(result.stdout).toContain('Every evidence file is in the database; the folder is no longer read.');
    expect(await storedKeys()).toEqual([key]);
  });
});
