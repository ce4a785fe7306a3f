import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../core/audit/audit-log.ts';
import { entryBody, entryHash } from '../../core/audit/hash-chain.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { verifyAuditReport, verifyExitCodes } from '../../core/audit/verify-report.ts';
import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { createCore } from '../../core/core.ts';
import { applyMigrations, readMigrations } from '../../core/db/migrate.ts';
import { defaultLimits } from '../../core/deps.ts';
import { memoryEvidenceStore } from '../../core/storage/evidence-store.ts';
import { type FreshDatabase, openFreshDatabase } from '../support/fresh-database.ts';

// An installation that ran before audit chains were split per mediation: its single chain, written by
// the former append function, must come through the migration unchanged and verifiable.
const split = '20261208090000_audit_chains';
const shipped = readMigrations();
const before = shipped.filter((m) => m.name < split);
const red = '11111111-1111-4111-8111-111111111111';
const sfam = '22222222-2222-4222-8222-222222222222';

function entry(n: number, mediationId: string | null) {
  const fields = {
    at: new Date(Date.UTC(2026, 2, 2, 9, 0, n, 123)),
    actor: 'system:test',
    action: `old.${n}`,
    mediationId,
    subjectId: null,
    details: { n },
  };
  return { ...fields, at: fields.at.toISOString(), body: entryBody(fields) };
}

describe('migrating the single audit chain to one chain per mediation', () => {
  let fresh: FreshDatabase;
  let old: { seq: string; hash: string; mediation_id: string | null }[];

  beforeAll(async () => {
    fresh = await openFreshDatabase();
    expect(before.length).toBe(shipped.length - 1);
    await applyMigrations(fresh.db, before);
    // Seven entries in three calls of the former function, some about mediations, some about none.
    const batches = [
      [entry(1, null), entry(2, red)],
      [entry(3, sfam), entry(4, red), entry(5, null)],
      [entry(6, red), entry(7, sfam)],
    ];
    for (const batch of batches) {
      await fresh.db.sql.query('SELECT append_audit_entries($1::jsonb)', [JSON.stringify(batch)]);
    }
    old = await fresh.db.sql.query('SELECT seq::text, hash, mediation_id FROM audit_entry ORDER BY seq');
    expect(await applyMigrations(fresh.db)).toEqual([split]);
  }, 120_000);
  afterAll(() => fresh.close());

  it('keeps every entry, hash and link, as the shared chain, position = the old number', async () => {
    const rows = await fresh.db.sql.query<{ seq: string; position: string; chain: string; hash: string }>(
      `SELECT seq::text, position::text, chain, hash FROM audit_entry WHERE position <= 7 ORDER BY position`,
    );
    expect(rows.map((r) => [r.seq, r.position, r.chain, r.hash])).toEqual(
      old.map((o) => [o.seq, o.seq, 'none', o.hash]),
    );
  });

  it('chains a marker that says how many entries were carried over, and the whole verifies', async () => {
    const marker = await fresh.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'audit.split' } });
    expect(marker).toMatchObject({
      chain: 'none',
      position: 8n,
      actor: 'system:migration',
      mediationId: null,
      details: { carriedOver: 7 },
      prevHash: old.at(-1)?.hash,
    });
    const result = await verifyAuditChains(fresh.db.prisma);
    expect(result).toMatchObject({ valid: true, entries: 8 });
    expect(result.chains).toEqual([{ chain: 'none', entries: 8, head: { position: 8n, hash: marker.hash } }]);
  });

  it('still finds a head kept before the migration', async () => {
    const kept = old.at(-1)?.hash ?? '';
    const report = await verifyAuditReport(fresh.db.prisma, 'test', kept);
    expect(report.exitCode).toBe(verifyExitCodes.intact);
    expect(report.message).toContain(`is entry #7 of the chain “shared log`);
  });

  it('appends what comes next to each mediation’s own chain, and the shared chain goes on', async () => {
    await fresh.db.prisma.$transaction((tx) =>
      appendAudit(tx, 'system:test', new Date('2026-12-08T10:00:00Z'), [
        { action: 'new.red', mediationId: red },
        { action: 'new.none' },
      ]),
    );
    const added = await fresh.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: 'new.' } },
      orderBy: { action: 'asc' },
    });
    expect(added.map((e) => [e.action, e.chain, e.position])).toEqual([
      ['new.none', 'none', 9n],
      ['new.red', red, 1n],
    ]);
    // Numbered after the carried entries and the marker: the sequence starts past them.
    expect(added.every((e) => e.seq > 8n)).toBe(true);
    const result = await verifyAuditChains(fresh.db.prisma);
    expect(result).toMatchObject({ valid: true, entries: 10 });
  });

  it('shows a mediation its own entries numbered in its chain, the older ones in the shared log', async () => {
    const core = createCore({
      db: fresh.db,
      clock: new ManualClock(new Date('2026-12-08T11:00:00Z')),
      logger: createLogger('silent'),
      evidence: memoryEvidenceStore(),
      limits: defaultLimits,
    });
    const log = await core.query.auditLog({ mediationId: red });
    expect(log.map((e) => [e.action, e.position, e.inSharedLog])).toEqual([
      ['new.red', '1', false],
      ['old.6', '6', true],
      ['old.4', '4', true],
      ['old.2', '2', true],
    ]);
  });

  it('accepts a mediation’s entry in the shared chain only before the marker', async () => {
    // The last entry of 'none' made a mediation's and re-hashed: every link holds, but after the split
    // such an entry belongs to that mediation's chain.
    const last = await fresh.db.prisma.auditEntry.findFirstOrThrow({
      where: { chain: 'none', position: 9n },
    });
    const hash = entryHash(last.prevHash, { ...last, mediationId: red });
    await fresh.db.sql.exec(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete;
      UPDATE audit_entry SET mediation_id = '${red}', hash = '${hash}' WHERE chain = 'none' AND position = 9;
      ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_or_delete;`);
    const result = await verifyAuditChains(fresh.db.prisma);
    expect(result.chains.find((c) => c.chain === 'none')).toEqual({
      chain: 'none',
      entries: 8,
      head: { position: 8n, hash: expect.any(String) },
      broken: { position: 9n, problem: 'misplaced' },
    });
  });
});
