import { describe, expect, it } from 'vitest';
import { unwrap } from '../../core/domain/errors.ts';
import { MAX_EVIDENCE_FILES } from '../../core/participants/evidence.ts';
import { sha256Hex } from '../../core/storage/evidence-store.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import { useTestCore } from '../support/core.ts';
import { usingServer } from '../support/database.ts';
import { createOpenMediation, createPerson, joinEligible, sampleFiles, uniqueJpeg } from './fixtures.ts';

const t = useTestCore();

const refusal = (messageKey: string, code = 'RULE_VIOLATION') => ({
  ok: false,
  error: expect.objectContaining({ code, messageKey }),
});

async function draft() {
  const context = await createOpenMediation(t);
  const person = await createPerson(t);
  return { ...person, participantId: await joinEligible(t, person.actor, context) };
}

describe('adding proof files', () => {
  it('stores the file and records its real type, size and hash', async () => {
    const { actor, participantId } = await draft();
    const before = t.evidence.size();
    const { evidence, alreadyThere } = unwrap(
      await t.core.addEvidence(actor, {
        participantId,
        bytes: sampleFiles.pdf,
        declaredMimeType: 'image/jpeg', // the platform's guess is ignored: the bytes say PDF
        fileName: '../Facture janvier.pdf',
      }),
    );
    await storedFilesSettled();
    expect(alreadyThere).toBe(false);
    expect(evidence).toMatchObject({
      mimeType: 'application/pdf',
      sizeBytes: sampleFiles.pdf.length,
      sha256: sha256Hex(sampleFiles.pdf),
      fileName: 'Facture janvier.pdf',
    });
    const row = await t.db.prisma.evidence.findUniqueOrThrow({ where: { id: evidence.id } });
    expect(await t.evidence.get(row.storageKey)).toEqual(sampleFiles.pdf);
    expect(t.evidence.size()).toBe(before + 1);
  });

  it('records the same file sent twice only once', async () => {
    const { actor, participantId } = await draft();
    const first = unwrap(await t.core.addEvidence(actor, { participantId, bytes: sampleFiles.png }));
    const before = t.evidence.size();
    const second = unwrap(await t.core.addEvidence(actor, { participantId, bytes: sampleFiles.png.slice() }));
    await storedFilesSettled();
    expect(second).toEqual({ evidence: first.evidence, alreadyThere: true });
    expect(t.evidence.size()).toBe(before);
    expect(await t.db.prisma.evidence.count({ where: { participantId } })).toBe(1);
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'evidenceEmpty'],
    ['a program named as a photo', sampleFiles.exe, 'evidenceTypeNotAllowed'],
    ['a web page', new TextEncoder().encode('<html><body>facture</body></html>'), 'evidenceTypeNotAllowed'],
  ])('refuses %s without storing anything', async (_name, bytes, key) => {
    const { actor, participantId } = await draft();
    const before = t.evidence.size();
    const result = await t.core.addEvidence(actor, {
      participantId,
      bytes,
      declaredMimeType: 'image/jpeg',
      fileName: 'photo.jpg',
    });
    expect(result).toEqual(refusal(`participants:errors.${key}`));
    expect(t.evidence.size()).toBe(before);
  });

  it('refuses a file over the size limit, and says the limit', async () => {
    const { actor, participantId } = await draft();
    const limit = t.core.deps.limits.maxEvidenceBytes;
    const tooBig = new Uint8Array(limit + 1);
    tooBig.set(sampleFiles.jpeg);
    const result = await t.core.addEvidence(actor, { participantId, bytes: tooBig });
    expect(result).toEqual(refusal('participants:errors.evidenceTooLarge'));
    expect(!result.ok && result.error.params).toEqual({ maxMegabytes: 20 });
    const justRight = tooBig.subarray(0, limit);
    expect(await t.core.addEvidence(actor, { participantId, bytes: justRight })).toMatchObject({ ok: true });
  });

  it(`accepts at most ${MAX_EVIDENCE_FILES} files per participant`, async () => {
    const { actor, participantId } = await draft();
    for (let i = 0; i < MAX_EVIDENCE_FILES; i++) {
      unwrap(await t.core.addEvidence(actor, { participantId, bytes: uniqueJpeg(i) }));
    }
    const before = t.evidence.size();
    const eleventh = await t.core.addEvidence(actor, { participantId, bytes: uniqueJpeg(99) });
    await storedFilesSettled();
    expect(eleventh).toEqual(refusal('participants:errors.evidenceLimitReached'));
    expect(t.evidence.size()).toBe(before);
  });

  it("refuses someone else's file and a submitted file", async () => {
    const { participantId, actor } = await draft();
    const intruder = await createPerson(t);
    expect(await t.core.addEvidence(intruder.actor, { participantId, bytes: sampleFiles.jpeg })).toEqual(
      refusal('participants:errors.fileNotFound', 'NOT_FOUND'),
    );
    await t.db.prisma.participant.update({
      where: { id: participantId },
      data: { status: 'SUBMITTED', submittedAt: t.clock.now() },
    });
    expect(await t.core.addEvidence(actor, { participantId, bytes: sampleFiles.jpeg })).toEqual(
      refusal('participants:errors.notEditable', 'ILLEGAL_TRANSITION'),
    );
  });

  it('deletes the stored file when the transaction fails at commit, after the command ran', async () => {
    const { actor, participantId } = await draft();
    // A deferred constraint trigger fails the COMMIT itself: the worst moment, after the file was
    // stored and the command returned.
    await t.db.sql.exec(`
      CREATE FUNCTION test_fail_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.file_name = 'fail-at-commit.jpg' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$;
      CREATE CONSTRAINT TRIGGER test_fail_evidence AFTER INSERT ON evidence
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_evidence();`);
    try {
      const before = t.evidence.size();
      const result = await t.core.addEvidence(actor, {
        participantId,
        bytes: sampleFiles.jpeg,
        fileName: 'fail-at-commit.jpg',
      });
      // The embedded adapter (pglite-prisma-adapter 0.7) swallows a failed COMMIT and reports success;
      // the server reports it. Either way nothing was committed, and the file must go.
      if (usingServer()) expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      await storedFilesSettled();
      expect(t.evidence.size()).toBe(before);
      expect(await t.db.prisma.evidence.count({ where: { participantId } })).toBe(0);
    } finally {
      await t.db.sql.exec(`DROP TRIGGER test_fail_evidence ON evidence; DROP FUNCTION test_fail_evidence();`);
    }
  });
});

describe('removing a proof file', () => {
  it('removes the row, then the bytes once that is committed', async () => {
    const { actor, participantId } = await draft();
    const { evidence } = unwrap(await t.core.addEvidence(actor, { participantId, bytes: sampleFiles.heic }));
    await storedFilesSettled();
    const { storageKey } = await t.db.prisma.evidence.findUniqueOrThrow({ where: { id: evidence.id } });
    unwrap(await t.core.removeEvidence(actor, { participantId, evidenceId: evidence.id }));
    await storedFilesSettled();
    expect(await t.db.prisma.evidence.count({ where: { participantId } })).toBe(0);
    await expect(t.evidence.get(storageKey)).rejects.toThrow();
    expect(await t.core.removeEvidence(actor, { participantId, evidenceId: evidence.id })).toEqual(
      refusal('participants:errors.evidenceNotFound', 'NOT_FOUND'),
    );
  });

  it('keeps the bytes when the removal is refused', async () => {
    const { actor, participantId } = await draft();
    const { evidence } = unwrap(await t.core.addEvidence(actor, { participantId, bytes: sampleFiles.webp }));
    const { storageKey } = await t.db.prisma.evidence.findUniqueOrThrow({ where: { id: evidence.id } });
    const intruder = await createPerson(t);
    expect(
      await t.core.removeEvidence(intruder.actor, { participantId, evidenceId: evidence.id }),
    ).toMatchObject({
      ok: false,
    });
    await storedFilesSettled();
    expect(await t.evidence.get(storageKey)).toEqual(sampleFiles.webp);
  });
});
