import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import { openTestDatabase } from '../support/database.ts';

// Integrity lives in the database, not only in code: even a buggy command or a hand-made SQL fix cannot
// store these rows. Each case inserts a valid row first, so a failure can only come from the bad value.
let db: Database;
let mediationId: string;
let personId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const [company] = await db.sql.query<{ id: string }>(
    `INSERT INTO company (slug, name) VALUES ('acme', 'ACME') RETURNING id`,
  );
  const [mediation] = await db.sql.query<{ id: string }>(
    `INSERT INTO mediation (slug, company_id, title_fr, title_en, summary_fr, summary_en, goal_fr, goal_en, created_by)
     VALUES ('acme-fees', $1, 't', 't', 's', 's', 'g', 'g', 'test') RETURNING id`,
    [company?.id],
  );
  const [person] = await db.sql.query<{ id: string }>('INSERT INTO person DEFAULT VALUES RETURNING id');
  mediationId = mediation?.id ?? '';
  personId = person?.id ?? '';
});
afterAll(() => db.close());

const insertParticipant = (amountCents: number, person: string) =>
  db.sql.query('INSERT INTO participant (mediation_id, person_id, amount_cents) VALUES ($1, $2, $3)', [
    mediationId,
    person,
    amountCents,
  ]);

const insertOffer = (round: number) =>
  db.sql.query(
    `INSERT INTO offer (mediation_id, round, terms_fr, terms_en, compensation_kind, fixed_cents, recorded_by)
     VALUES ($1, $2, 'termes', 'terms', 'FIXED', 5000, 'test')`,
    [mediationId, round],
  );

const insertOutbox = (dedupKey: string, audience: string, person: string | null) =>
  db.sql.query('INSERT INTO outbox_message (dedup_key, audience, person_id, kind) VALUES ($1, $2, $3, $4)', [
    dedupKey,
    audience,
    person,
    'test',
  ]);

describe('the database refuses impossible rows', () => {
  it('a claimed amount that is zero or negative', async () => {
    await insertParticipant(1250, personId);
    const [other] = await db.sql.query<{ id: string }>('INSERT INTO person DEFAULT VALUES RETURNING id');
    await expect(insertParticipant(-500, other?.id ?? '')).rejects.toThrow(/participant_amount_check/);
    await expect(insertParticipant(0, other?.id ?? '')).rejects.toThrow(/participant_amount_check/);
  });

  it('a fourth round of offers', async () => {
    await insertOffer(3);
    await expect(insertOffer(4)).rejects.toThrow(/offer_round_check/);
    await expect(insertOffer(0)).rejects.toThrow(/offer_round_check/);
  });

  it('a slug that could not appear in a deep link', async () => {
    await db.sql.query(`INSERT INTO company (slug, name) VALUES ('good-slug-2', 'Good')`);
    for (const slug of ['Bad Slug', 'accentué', '-leading', 'double--dash', 'a'.repeat(61)]) {
      await expect(
        db.sql.query('INSERT INTO company (slug, name) VALUES ($1, $2)', [slug, 'Bad']),
      ).rejects.toThrow(/company_slug_check/);
    }
  });

  it('a notification whose audience does not match its recipient', async () => {
    await insertOutbox('ok:person', 'person', personId);
    await insertOutbox('ok:mediators', 'mediators', null);
    await expect(insertOutbox('bad:1', 'person', null)).rejects.toThrow(/outbox_message_audience_check/);
    await expect(insertOutbox('bad:2', 'mediators', personId)).rejects.toThrow(
      /outbox_message_audience_check/,
    );
    await expect(insertOutbox('bad:3', 'everyone', null)).rejects.toThrow(/outbox_message_audience_check/);
  });

  it('an edit or deletion of an audit entry', async () => {
    await db.sql.query(
      `INSERT INTO audit_entry (at, actor, action, prev_hash, hash, chain, position) VALUES (now(), 'test', 'test', 'p', 'h', 'none', 1)`,
    );
    await expect(db.sql.query(`UPDATE audit_entry SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    expect(await db.sql.query(`SELECT action FROM audit_entry`)).toEqual([{ action: 'test' }]);
  });
});
