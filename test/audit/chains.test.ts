import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../core/audit/audit-log.ts';
import { entryBody } from '../../core/audit/hash-chain.ts';
import { appendRoot, listChainHeads } from '../../core/audit/roots.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { verifyAuditReport, verifyExitCodes } from '../../core/audit/verify-report.ts';
import type { SqlRunner } from '../../core/db/connect.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables, usingServer } from '../support/database.ts';
import { appendEntries, asOwnerWithoutTrigger, headHash, rewriteConsistently } from './support.ts';

const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

const red = '11111111-1111-4111-8111-111111111111';
const sfam = '22222222-2222-4222-8222-222222222222';

/** Two mediations and the shared log, written in turns as commands would. */
async function threeChains() {
  await appendEntries(t, 2, 'red.one', red);
  await appendEntries(t, 1, 'shared.one');
  await appendEntries(t, 3, 'sfam.one', sfam);
  await appendEntries(t, 2, 'red.two', red);
}

const chainOf = async (chain: string) =>
  (await verifyAuditChains(t.db.prisma)).chains.find((c) => c.chain === chain);

describe('one audit chain per mediation', () => {
  it('appends each entry to its mediation’s chain, positions from 1, and each chain verifies alone', async () => {
    await threeChains();
    const result = await verifyAuditChains(t.db.prisma);
    expect(result).toMatchObject({ valid: true, entries: 8, roots: 0 });
    expect(result.chains.map((c) => [c.chain, c.entries, c.head.position])).toEqual([
      ['none', 1, 1n],
      [red, 4, 4n],
      [sfam, 3, 3n],
    ]);
    const redEntries = await t.db.prisma.auditEntry.findMany({
      where: { chain: red },
      orderBy: { position: 'asc' },
    });
    expect(redEntries.map((e) => e.action)).toEqual(['red.one', 'red.one', 'red.two', 'red.two']);
    // Each chain starts from the genesis hash and links within itself only.
    expect(redEntries[0]?.prevHash).toBe('0'.repeat(64));
    expect(redEntries[2]?.prevHash).toBe(redEntries[1]?.hash);
  });

  it('splits one transaction’s entries between their chains, in their order', async () => {
    await t.db.prisma.$transaction((tx) =>
      appendAudit(tx, 'system:test', t.clock.now(), [
        { action: 'a', mediationId: sfam },
        { action: 'b' },
        { action: 'c', mediationId: red },
        { action: 'd', mediationId: sfam },
      ]),
    );
    const rows = await t.db.prisma.auditEntry.findMany({ orderBy: [{ chain: 'asc' }, { position: 'asc' }] });
    expect(
      rows.map((r) => `${r.chain === 'none' ? 'none' : r.chain.slice(0, 2)}#${r.position}:${r.action}`),
    ).toEqual(['11#1:c', '22#1:a', '22#2:d', 'none#1:b']);
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true, entries: 4 });
  });

  it('finds every chain’s head without reading the entries (loose index scan), as a full scan would', async () => {
    await threeChains();
    const scanned = await t.db.sql.query<{ chain: string; position: string; hash: string }>(
      'SELECT DISTINCT ON (chain) chain, position::text, hash FROM audit_entry ORDER BY chain, position DESC',
    );
    expect(
      (await listChainHeads(t.db.prisma)).map((h) => ({ ...h, position: h.position.toString() })),
    ).toEqual(scanned);
  });
});

describe('a damaged chain', () => {
  const tamper = (sql: string) => asOwnerWithoutTrigger(t.db, () => t.db.sql.exec(sql));

  it.each([
    ['edited', `UPDATE audit_entry SET details = '{"n": 9}' WHERE chain = '${red}' AND position = 2`, 2n],
    ['missing', `DELETE FROM audit_entry WHERE chain = '${red}' AND position = 3`, 3n],
    [
      'relinked',
      `DELETE FROM audit_entry WHERE chain = '${red}' AND position = 2;
       UPDATE audit_entry SET position = position - 1 WHERE chain = '${red}' AND position > 2`,
      2n,
    ],
  ] as const)('is reported for that chain only when an entry was %s', async (problem, sql, position) => {
    await threeChains();
    await tamper(sql);
    const result = await verifyAuditChains(t.db.prisma);
    expect(result.valid).toBe(false);
    expect(result.chains.find((c) => c.chain === red)).toMatchObject({
      entries: Number(position) - 1,
      broken: { position, problem },
    });
    expect(result.chains.filter((c) => c.broken).map((c) => c.chain)).toEqual([red]);
    const report = await verifyAuditReport(t.db.prisma, 'test', undefined, 'fr');
    expect(report.exitCode).toBe(verifyExitCodes.broken);
    expect(report.message).toContain(`médiation ${red}\u00a0: ALTÉRÉE à l’entrée n°\u00a0${position}`);
    expect(report.message).toContain(`médiation ${sfam}\u00a0: entrées\u00a0: 3`);
  });

  it('is reported when an entry was moved into another mediation’s chain', async () => {
    await threeChains();
    // sfam's last entry, carried to the end of red's chain and re-linked there: the hashes hold,
    // but it names another mediation than its chain's.
    await asOwnerWithoutTrigger(t.db, async () => {
      const redHead = await headHash(t.db, red);
      const moved = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { chain: sfam, position: 3n } });
      await t.db.prisma.auditEntry.delete({ where: { seq: moved.seq } });
      await t.db.sql.query(
        `INSERT INTO audit_entry (at, actor, action, mediation_id, subject_id, details, prev_hash, hash, chain, position)
         VALUES ($1, $2, $3, $4::uuid, $5, $6::jsonb, $7, encode(sha256(convert_to($7 || E'\\n' || $8, 'UTF8')), 'hex'), $9, 5)`,
        [
          moved.at,
          moved.actor,
          moved.action,
          moved.mediationId,
          moved.subjectId,
          JSON.stringify(moved.details),
          redHead,
          entryBody(moved),
          red,
        ],
      );
    });
    expect(await chainOf(red)).toMatchObject({ entries: 4, broken: { position: 5n, problem: 'misplaced' } });
  });

  it('does not take a mediation’s entry into the shared chain (only the entries from before the split may)', async () => {
    await appendEntries(t, 1, 'shared.one');
    await t.db.sql.query('SELECT append_audit_entries($1::jsonb)', [
      JSON.stringify([shared({ mediationId: null })]),
    ]);
    await tamper(`UPDATE audit_entry SET mediation_id = '${red}' WHERE chain = 'none' AND position = 2`);
    expect(await chainOf('none')).toMatchObject({ broken: { position: 2n } });
  });
});

function shared(fields: { mediationId: string | null }) {
  const entry = {
    at: new Date('2026-03-02T09:00:00Z'),
    actor: 'system:test',
    action: 'x',
    subjectId: null,
    details: {},
    ...fields,
  };
  return { ...entry, at: entry.at.toISOString(), body: entryBody(entry) };
}

describe('a root', () => {
  const root = () => t.db.prisma.$transaction((tx) => appendRoot(tx, t.clock.now()));

  it('records every mediation’s head in the shared chain, and --expect finds it', async () => {
    await threeChains();
    const made = await root();
    expect(made).toMatchObject({ position: 2n, chains: 2, entries: 7 });
    const entry = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { hash: made.hash } });
    expect(entry).toMatchObject({
      chain: 'none',
      action: 'audit.root',
      actor: 'system:audit',
      mediationId: null,
    });
    expect(entry.details).toEqual({
      chains: 2,
      entries: 7,
      [red]: `4:${await headHash(t.db, red)}`,
      [sfam]: `3:${await headHash(t.db, sfam)}`,
    });
    await appendEntries(t, 2, 'red.after', red);
    const result = await verifyAuditChains(t.db.prisma, { expectHash: made.hash });
    expect(result).toMatchObject({
      valid: true,
      roots: 1,
      expected: { chain: 'none', position: 2n, root: true },
    });
    const report = await verifyAuditReport(t.db.prisma, 'test', made.hash);
    expect(report.exitCode).toBe(verifyExitCodes.intact);
    expect(report.message).toContain(
      `is root #2 of the shared log: every chain it binds still holds the head it recorded`,
    );
  });

  it('catches a chain rewritten consistently after it, with no kept hash at all', async () => {
    await threeChains();
    await root();
    await rewriteConsistently(t.db, 2n, 'forged', red);
    const result = await verifyAuditChains(t.db.prisma);
    expect(result.valid).toBe(false);
    expect(result.chains.find((c) => c.chain === red)).toMatchObject({
      broken: { position: 4n, problem: 'unbound', byRootAt: 2n },
    });
    const report = await verifyAuditReport(t.db.prisma, 'test');
    expect(report.exitCode).toBe(verifyExitCodes.broken);
    expect(report.message).toContain(
      'BROKEN at entry #4: the chain no longer holds, at this place, the head a root recorded',
    );
  });

  it('catches a chain cut at its end, or emptied, after it', async () => {
    await threeChains();
    await root();
    await asOwnerWithoutTrigger(t.db, () =>
      t.db.sql.exec(
        `DELETE FROM audit_entry WHERE chain = '${red}' AND position > 2; DELETE FROM audit_entry WHERE chain = '${sfam}'`,
      ),
    );
    const result = await verifyAuditChains(t.db.prisma);
    expect(result.chains.find((c) => c.chain === red)).toMatchObject({
      entries: 2,
      broken: { position: 4n, problem: 'unbound' },
    });
    expect(result.chains.find((c) => c.chain === sfam)).toMatchObject({
      entries: 0,
      broken: { position: 3n, problem: 'unbound' },
    });
  });

  it('is itself caught when the shared chain is rewritten without it: the kept root is gone', async () => {
    await threeChains();
    const made = await root();
    await asOwnerWithoutTrigger(t.db, () =>
      t.db.sql.exec(`DELETE FROM audit_entry WHERE chain = 'none' AND position = 2`),
    );
    const report = await verifyAuditReport(t.db.prisma, 'test', made.hash);
    expect(report.exitCode).toBe(verifyExitCodes.headMissing);
    expect(report.message).toContain(`does NOT contain the hash you kept (${made.hash})`);
  });
});

describe.runIf(usingServer())('writers on different mediations (PostgreSQL)', () => {
  /** An append left uncommitted on its own connection: its chain's lock is held until `release`. */
  async function heldAppend(mediationId: string) {
    let release: () => void = () => {};
    let appended: () => void = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = new Promise<void>((resolve) => {
      appended = resolve;
    });
    const done = t.db.session(async (sql: SqlRunner) => {
      await sql.exec('BEGIN');
      await sql.query('SELECT append_audit_entries($1::jsonb)', [JSON.stringify([shared({ mediationId })])]);
      appended();
      await until;
      await sql.exec('COMMIT');
    });
    await ready;
    return { release, done };
  }

  const tryAppend = (mediationId: string | null) =>
    t.db.session(async (sql) => {
      await sql.exec(`BEGIN; SET LOCAL lock_timeout = '300ms'`);
      try {
        await sql.query('SELECT append_audit_entries($1::jsonb)', [
          JSON.stringify([shared({ mediationId })]),
        ]);
        await sql.exec('COMMIT');
        return 'appended';
      } catch (error) {
        await sql.exec('ROLLBACK');
        return (error as Error).message;
      }
    });

  it('do not wait for each other; writers on the same mediation do', async () => {
    const onRed = await heldAppend(red);
    expect(await tryAppend(sfam)).toBe('appended');
    expect(await tryAppend(null)).toBe('appended');
    expect(await tryAppend(red)).toMatch(/lock timeout/);
    onRed.release();
    await onRed.done;
    expect(await tryAppend(red)).toBe('appended');
    const result = await verifyAuditChains(t.db.prisma);
    expect(result).toMatchObject({ valid: true, entries: 4 });
    expect(result.chains.map((c) => [c.chain, c.entries])).toEqual([
      ['none', 1],
      [red, 2],
      [sfam, 1],
    ]);
  });

  it('keep every chain whole when 16 of them write at once', async () => {
    const mediations = Array.from({ length: 16 }, () => randomUUID());
    await Promise.all(
      mediations.flatMap((mediationId) =>
        Array.from({ length: 5 }, () =>
          t.db.prisma.$transaction((tx) =>
            appendAudit(tx, 'system:test', new Date(), [
              { action: 'w', mediationId },
              { action: 'w2', mediationId },
            ]),
          ),
        ),
      ),
    );
    const result = await verifyAuditChains(t.db.prisma, { pageSize: 3 });
    expect(result).toMatchObject({ valid: true, entries: 160 });
    expect(result.chains.filter((c) => c.chain !== 'none').every((c) => c.entries === 10)).toBe(true);
  });
});
