import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { companyActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { fileReference } from '../../core/references/short-id.ts';
import { enforceRetention } from '../../core/retention/retention.ts';
import { sweepOrphanEvidenceFiles } from '../../core/storage/orphan-sweep.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import { defined, mediator, nth, outbox } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { inExecution as mediationInExecution } from './support.ts';

// Issue 15: the company may attach a proof of transfer when it marks payouts as sent. It holds bank
// details: only the mediators read it, and it goes with any payee's erasure and with the retention clock.
const t = useTestCore({ checkAuditChain: true });

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/** A mediation in EXECUTION (every member adhered), the company's actor and each payout's reference. */
async function inExecution(admitted: number) {
  const accepted = await mediationInExecution(t, admitted);
  const { companyId } = await t.db.prisma.mediation.findUniqueOrThrow({
    where: { id: accepted.mediationId },
  });
  return {
    ...accepted,
    company: companyActor(companyId, accepted.mediationId),
    referenceOf: (i: number) => fileReference(accepted.payoutOf(i).participantId),
  };
}

describe('a proof of transfer attached by the company (issue 15)', () => {
  it('is stored once for the payouts of its marking, and only the mediators read it back', async () => {
    const { mediationId, company, payoutOf, referenceOf } = await inExecution(3);
    const before = t.evidence.size();
    const toldBefore = (await outbox(t, { kind: 'companyPayouts' })).length;
    const done = unwrap(
      await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0), referenceOf(1)],
        proof: { bytes: pdf('lot 1'), fileName: 'C:\\virements\\avis-lot-1.pdf' },
      }),
    );
    expect(done).toMatchObject({ marked: 2 });
    const proof = await t.db.prisma.payoutProof.findUniqueOrThrow({ where: { id: defined(done.proofId) } });
    expect(proof).toMatchObject({ mediationId, mimeType: 'application/pdf', fileName: 'avis-lot-1.pdf' });
    expect(t.evidence.size()).toBe(before + 1);
    const linked = await t.db.prisma.payout.findMany({ where: { proofId: proof.id } });
    expect(linked.map((p) => p.id).sort()).toEqual([payoutOf(0).id, payoutOf(1).id].sort());
    expect(await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutOf(2).id } })).toMatchObject({
      proofId: null,
      status: 'PENDING',
    });
    // The mediators are told once, the proof named; the audit says how many payouts, not the file's name.
    const told = await outbox(t, { kind: 'companyPayouts' });
    expect(told).toHaveLength(toldBefore + 1);
    expect(JSON.stringify(told.at(-1))).toContain('company:notify.payoutsSentWithProof');
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'payout.proofAttached', subjectId: proof.id },
    });
    expect(audit.actor).toMatch(/^company:/);
    expect(audit.details).toMatchObject({ payouts: 2 });
    expect(JSON.stringify(audit.details)).not.toContain('avis');

    const viewed = unwrap(await t.core.viewPayoutProofs(mediator, { mediationId }));
    expect(viewed.files).toHaveLength(1);
    expect(viewed.files[0]).toMatchObject({ fileName: 'avis-lot-1.pdf', payouts: 2 });
    expect(new TextDecoder().decode(defined(viewed.files[0]?.bytes ?? undefined))).toContain('lot 1');
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'payout.proofsViewed', mediationId } }),
    ).toBe(1);
    // Nobody else: not the company, not a person.
    expect(await t.core.viewPayoutProofs(company, { mediationId })).toMatchObject({ ok: false });
  });

  it('may come later, for payouts already sent; the company sees which have one', async () => {
    const { mediationId, company, referenceOf } = await inExecution(2);
    unwrap(await t.core.markPayoutsSentByCompany(company, { references: [referenceOf(0)] }));
    t.clock.advance(60_000);
    const later = unwrap(
      await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0)],
        proof: { bytes: pdf('later') },
      }),
    );
    expect(later).toMatchObject({ marked: 0 });
    expect(later.proofId).toBeTruthy();
    const told = await outbox(t, { kind: 'companyPayouts' });
    expect(JSON.stringify(told.at(-1))).toContain('company:notify.proofAttached');
    const seen = await t.core.query.companyPayouts({ mediationId });
    expect(seen.find((p) => p.reference === referenceOf(0))).toMatchObject({ proofAttached: true });
    expect(seen.find((p) => p.reference === referenceOf(1))).toMatchObject({ proofAttached: false });
  });

  it('is refused when empty, too large or not a PDF or an image — nothing marked, nothing stored', async () => {
    const { company, payoutOf, referenceOf } = await inExecution(1);
    const before = t.evidence.size();
    const tooLarge = new Uint8Array(t.core.deps.limits.maxEvidenceBytes + 1);
    tooLarge.set(pdf('big'));
    for (const [bytes, key] of [
      [new Uint8Array(0), 'company:errors.proofEmpty'],
      [tooLarge, 'company:errors.proofTooLarge'],
      [new TextEncoder().encode('<html><script>alert(1)</script>'), 'company:errors.proofType'],
    ] as const) {
      const refused = await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0)],
        proof: { bytes },
      });
      expect(refused).toMatchObject({ ok: false, error: { messageKey: key } });
    }
    expect(await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutOf(0).id } })).toMatchObject({
      status: 'PENDING',
    });
    // Bytes of the wrong kind given where bytes are expected: refused, not a crash.
    const wrongType = await t.core.markPayoutsSentByCompany(company, {
      references: [referenceOf(0)],
      proof: { bytes: 'not bytes' as unknown as Uint8Array },
    });
    expect(wrongType).toMatchObject({ ok: false });
    await storedFilesSettled();
    expect(t.evidence.size()).toBe(before);
  });

  it('is not kept when its marking fails after it was stored', async () => {
    const { company, referenceOf } = await inExecution(1);
    const [before, rows] = [t.evidence.size(), await t.db.prisma.payoutProof.count()];
    // An unknown reference makes the whole marking fail; the proof is checked first, stored, then dropped.
    const refused = await t.core.markPayoutsSentByCompany(company, {
      references: [referenceOf(0), 'ABCDEF012345'],
      proof: { bytes: pdf('rolled back') },
    });
    expect(refused).toMatchObject({ ok: false, error: { messageKey: 'company:errors.unknownReferences' } });
    await storedFilesSettled();
    expect(t.evidence.size()).toBe(before);
    expect(await t.db.prisma.payoutProof.count()).toBe(rows);
  });

  it('goes with a payee’s erasure, bytes and row, and the payouts stay without it', async () => {
    const { mediationId, company, members, payoutOf, referenceOf } = await inExecution(2);
    const { proofId } = unwrap(
      await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0), referenceOf(1)],
        proof: { bytes: pdf('erasure') },
      }),
    );
    const { storageKey } = await t.db.prisma.payoutProof.findUniqueOrThrow({
      where: { id: defined(proofId) },
    });
    unwrap(await t.core.erasePerson(personActor(nth(members, 0).personId), { confirm: true }));
    await storedFilesSettled();
    expect(await t.db.prisma.payoutProof.count({ where: { id: defined(proofId) } })).toBe(0);
    await expect(t.evidence.get(storageKey)).rejects.toThrow();
    const payouts = await t.db.prisma.payout.findMany({
      where: { id: { in: [payoutOf(0).id, payoutOf(1).id] } },
    });
    expect(payouts.map((p) => [p.status, p.proofId])).toEqual([
      ['SENT', null],
      ['SENT', null],
    ]);
    expect(unwrap(await t.core.viewPayoutProofs(mediator, { mediationId })).files).toEqual([]);
  });

  it('is kept by the orphan sweep while referenced, and swept once nothing references it', async () => {
    const { company, referenceOf } = await inExecution(1);
    const { proofId } = unwrap(
      await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0)],
        proof: { bytes: pdf('sweep') },
      }),
    );
    const { storageKey } = await t.db.prisma.payoutProof.findUniqueOrThrow({
      where: { id: defined(proofId) },
    });
    const orphan = await t.evidence.put(pdf('orphan'));
    // The memory store lists nothing by time: ask the sweep about these two keys as a disk store would.
    const store = t.core.deps.evidence as typeof t.evidence & { storedBefore?: () => Promise<string[]> };
    store.storedBefore = async () => [storageKey, orphan.storageKey];
    try {
      expect(await sweepOrphanEvidenceFiles(t.core.deps, 0)).toBe(1);
    } finally {
      delete store.storedBefore;
    }
    expect(await t.evidence.get(storageKey)).toBeTruthy();
    await expect(t.evidence.get(orphan.storageKey)).rejects.toThrow();
  });
  it('goes with the retention clock’s purge of the closed mediation', async () => {
    const { mediationId, company, members, payoutOf, referenceOf } = await inExecution(1);
    const { proofId } = unwrap(
      await t.core.markPayoutsSentByCompany(company, {
        references: [referenceOf(0)],
        proof: { bytes: pdf('retention') },
      }),
    );
    const { storageKey } = await t.db.prisma.payoutProof.findUniqueOrThrow({
      where: { id: defined(proofId) },
    });
    unwrap(await t.core.confirmPayout(personActor(nth(members, 0).personId), { payoutId: payoutOf(0).id }));
    unwrap(await t.core.closeMediationAsSucceeded(mediator, { mediationId }));
    // Last in this file: the clock goes past the retention period.
    t.clock.advance(400 * DAY);
    expect(await enforceRetention(t.core.deps)).toMatchObject({ mediations: 1 });
    await storedFilesSettled();
    expect(await t.db.prisma.payoutProof.count({ where: { mediationId } })).toBe(0);
    await expect(t.evidence.get(storageKey)).rejects.toThrow();
  });
});
