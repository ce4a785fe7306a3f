import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../bots/mediator/action.ts';
import { findAction } from '../../bots/mediator/actions/index.ts';
import { runMediatorAction } from '../../bots/mediator/run-action.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type Core, createCore } from '../../core/core.ts';
import type { Database } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { configuredEvidenceStore } from '../../core/storage/configured-evidence-store.ts';
import { type EvidenceStore, sha256Hex } from '../../core/storage/evidence-store.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import { createOpenMediation, sampleFiles, submittedFile } from '../participants/fixtures.ts';
import type { TestCore } from '../support/core.ts';
import { openTestDatabase, serverUrls, usingServer } from '../support/database.ts';
import { openSecondPool } from '../support/second-pool.ts';

// Two instances of the service on one PostgreSQL server, each with its own pool and its own evidence
// store as `npm start` opens it (configuredEvidenceStore): a file a person sends through one is the
// mediator's through the other, and an erasure through either removes the bytes for both. A server
// only: the embedded database is one process, and keeps its files on disk (checked at the end).
describe.runIf(usingServer())('evidence shared by two instances on one PostgreSQL server', () => {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const folder = mkdtempSync(join(tmpdir(), 'clf-shared-evidence-'));
  let dbA: Database;
  let dbB: Database;
  let a: { core: Core; evidence: EvidenceStore };
  let b: { core: Core; evidence: EvidenceStore };
  const instance = (db: Database, dataDir: string) => {
    const url = serverUrls.get(dbA) ?? '';
    const evidence = configuredEvidenceStore({ DATABASE_URL: url, DATA_DIR: dataDir }, db);
    return { core: createCore({ db, clock, logger, evidence, limits: defaultLimits }), evidence };
  };
  const storedFiles = async () =>
    (await dbA.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM evidence_file'))[0]?.count;
  /** The mediators' `evidence` action (Slack's `/mediation evidence`, the admin command line). */
  const mediatorLooks = async (through: Core, participantId: string) => {
    const action = findAction('evidence');
    if (!action) throw new Error('no evidence action');
    const result = await runMediatorAction(
      action,
      { core: through, actor: mediatorActor('U0SHARED'), locale: 'en' },
      { participant: participantId },
    );
    expect(result.ok, result.text).toBe(true);
    return { text: result.text, files: (result.ok ? (result.files ?? []) : []) as OutputFile[] };
  };

  beforeAll(async () => {
    dbA = await openTestDatabase();
    dbB = await openSecondPool(dbA);
    // Each instance has a data folder of its own, as two machines would: neither is read here.
    a = instance(dbA, join(folder, 'a'));
    b = instance(dbB, join(folder, 'b'));
  }, 60_000);
  afterAll(async () => {
    await a?.evidence.close?.();
    await b?.evidence.close?.();
    await dbB?.close();
    await dbA?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a proof sent through one instance is downloaded by a mediator through the other', {
    timeout: 60_000,
  }, async () => {
    const asA = { core: a.core, db: dbA, clock } as unknown as TestCore;
    const mediation = await createOpenMediation(asA);
    const photo = Uint8Array.from([...sampleFiles.jpeg, ...randomBytes(3 * 1024 * 1024)]);
    const person = await submittedFile(asA, mediation, { bytes: photo, fileName: 'facture.jpg' });
    await storedFilesSettled();
    expect(await storedFiles()).toBe(1);

    const { text, files } = await mediatorLooks(b.core, person.participantId);
    expect(text).not.toMatch(/missing|manquant/i);
    expect(files).toHaveLength(1);
    expect(sha256Hex(files[0]?.content as Uint8Array)).toBe(sha256Hex(photo));
    const viewed = await dbA.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'evidence.viewed', subjectId: person.participantId },
    });
    expect(viewed.details).toEqual({ files: 1, missing: 0 });
  });

  it('erased through one instance, a person’s proofs are gone for both: rows and bytes', {
    timeout: 60_000,
  }, async () => {
    const asB = { core: b.core, db: dbB, clock } as unknown as TestCore;
    const mediation = await createOpenMediation(asB);
    const person = await submittedFile(asB, mediation, { bytes: sampleFiles.pdf, fileName: 'lettre.pdf' });
    await storedFilesSettled();
    const [row] = await dbA.prisma.evidence.findMany({ where: { participantId: person.participantId } });
    const storageKey = row?.storageKey as string;
    expect(sha256Hex(await a.evidence.get(storageKey))).toBe(sha256Hex(sampleFiles.pdf));

    unwrap(await a.core.erasePerson(person.actor, { confirm: true }));
    await storedFilesSettled();
    await expect(b.evidence.get(storageKey)).rejects.toThrow();
    await expect(a.evidence.get(storageKey)).rejects.toThrow();
    const left = await dbA.sql.query('SELECT 1 FROM evidence_file WHERE storage_key = $1::uuid', [
      storageKey,
    ]);
    expect(left).toEqual([]);
    expect((await mediatorLooks(b.core, person.participantId)).files).toEqual([]);
    expect(await verifyAuditChains(dbA.prisma)).toMatchObject({ valid: true });
  });

  it('a proof removed from a draft through one instance leaves nothing behind', async () => {
    const asA = { core: a.core, db: dbA, clock } as unknown as TestCore;
    const mediation = await createOpenMediation(asA);
    const before = await storedFiles();
    const { participantId, actor } = await submittedFile(asA, mediation);
    // A submitted file's proofs are fixed: this one is a fresh draft of another mediation.
    const draft = await createOpenMediation(asA);
    const { participantId: draftId } = unwrap(
      await b.core.joinMediation(actor, {
        mediationId: draft.mediation.id,
        consents: { terms: true, grouping: true, dataProcessing: true },
      }),
    );
    expect(participantId).not.toBe(draftId);
    const { evidence } = unwrap(
      await b.core.addEvidence(actor, { participantId: draftId, bytes: sampleFiles.png }),
    );
    await storedFilesSettled();
    expect(await storedFiles()).toBe((before ?? 0) + 1);
    unwrap(await a.core.removeEvidence(actor, { participantId: draftId, evidenceId: evidence.id }));
    await storedFilesSettled();
    expect(await storedFiles()).toBe(before);
  });
});

describe('where evidence is kept', () => {
  it('on the embedded database: files in DATA_DIR/evidence, nothing in the database', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'clf-embedded-evidence-'));
    try {
      const store = configuredEvidenceStore(
        { DATABASE_URL: undefined, DATA_DIR: folder },
        { kind: 'embedded' },
      );
      const { storageKey } = await store.put(sampleFiles.pdf);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(folder, 'evidence', storageKey))).toEqual(Buffer.from(sampleFiles.pdf));
      expect(store.close).toBeUndefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
