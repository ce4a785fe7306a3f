import { beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../core/audit/audit-log.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';

const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

/** Five entries in two transactions, appended the way every command appends them. */
async function fiveEntries() {
  await t.db.prisma.$transaction((tx) =>
    appendAudit(tx, 'mediator:test', t.clock.now(), [
      { action: 'a.one', details: { n: 1 } },
      { action: 'a.two', details: { zeta: 2, alpha: 'é', ok: true } },
      { action: 'a.three' },
    ]),
  );
  await t.db.prisma.$transaction((tx) =>
    appendAudit(tx, 'system:test', t.clock.now(), [{ action: 'a.four' }, { action: 'a.five' }]),
  );
}

/** What an attacker with database access would do: switch off the append-only trigger, then tamper. */
async function tamper(sql: string) {
  await t.db.sql.exec(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete;
    ${sql};
    ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_or_delete;`);
}

describe('the audit log', () => {
  it('is a valid chain whose hashes the database and the verifier compute alike', async () => {
    await fiveEntries();
    const result = await verifyAuditChains(t.db.prisma);
    expect(result).toMatchObject({ valid: true, entries: 5 });
    const last = await t.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(result.chains).toEqual([{ chain: 'none', entries: 5, head: { position: 5n, hash: last.hash } }]);
  });

  it('refuses updates and deletions', async () => {
    await fiveEntries();
    await expect(t.db.sql.exec(`UPDATE audit_entry SET actor = 'x' WHERE seq = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.sql.exec('DELETE FROM audit_entry WHERE seq = 2')).rejects.toThrow(/append-only/);
  });

  it('refuses to be truncated, alone or with the tables it is listed with', async () => {
    await fiveEntries();
    await expect(t.db.sql.exec('TRUNCATE audit_entry')).rejects.toThrow(/cannot be truncated/);
    await expect(t.db.sql.exec('TRUNCATE outbox_message, audit_entry CASCADE')).rejects.toThrow(
      /cannot be truncated/,
    );
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true, entries: 5 });
  });

  it('detects an edited entry', async () => {
    await fiveEntries();
    await tamper(`UPDATE audit_entry SET details = '{"n": 3}' WHERE position = 1`);
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({
      valid: false,
      chains: [{ chain: 'none', broken: { position: 1n, problem: 'edited' } }],
    });
  });

  it('detects a deleted entry', async () => {
    await fiveEntries();
    await tamper('DELETE FROM audit_entry WHERE position = 3');
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({
      valid: false,
      chains: [{ chain: 'none', broken: { position: 3n, problem: 'missing' } }],
    });
  });

  it('detects an entry deleted and the rest renumbered', async () => {
    await fiveEntries();
    await tamper(
      'DELETE FROM audit_entry WHERE position = 3; UPDATE audit_entry SET position = position - 1 WHERE position > 3',
    );
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({
      valid: false,
      chains: [{ chain: 'none', broken: { position: 3n, problem: 'relinked' } }],
    });
  });

  it('detects an entry rewritten with a recomputed hash, at the next entry', async () => {
    await fiveEntries();
    await tamper(`UPDATE audit_entry SET action = 'forged', hash = repeat('f', 64) WHERE position = 2`);
    const result = await verifyAuditChains(t.db.prisma);
    expect(result).toMatchObject({
      valid: false,
      chains: [{ chain: 'none', entries: 1, broken: { position: 2n, problem: 'edited' } }],
    });
  });
});
