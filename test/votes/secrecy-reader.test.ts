import { beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { negotiationWithOffer } from './fixtures.ts';

// product.md §5: once a vote is closed, nobody — not even whoever reads the whole database — can tell
// how a person voted. This test plays that reader with the attacks a review found working (issue 10).
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
beforeEach(() => emptyAllTables(t.db));

type Choice = 'ACCEPT' | 'REFUSE' | 'ABSTAIN';

/** Six electors: changed ballots, one withdrawal after voting, one person with two linked accounts. */
async function playedVote() {
  const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 6 });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
  const [linked] = f.electors;
  await t.db.prisma.platformIdentity.createMany({
    data: [
      { personId: linked?.personId ?? '', platform: 'TELEGRAM', externalId: 'tg-1', chatId: 'tg-1' },
      { personId: linked?.personId ?? '', platform: 'DISCORD', externalId: 'dc-1', chatId: 'dc-1' },
    ],
  });
  const cast = async (i: number, choice: Choice) =>
    unwrap(await t.core.castBallot(personActor(f.electors[i]?.personId ?? ''), { voteId, choice }));
  const plan: [number, Choice][] = [
    [0, 'REFUSE'],
    [1, 'ACCEPT'],
    [2, 'ACCEPT'],
    [0, 'ACCEPT'], // changed
    [3, 'REFUSE'],
    [4, 'ABSTAIN'],
    [5, 'ACCEPT'],
    [3, 'ACCEPT'], // changed
  ];
  for (const [i, choice] of plan) await cast(i, choice);
  // Elector 5 withdraws after voting: their ballot goes, they leave the electorate.
  unwrap(
    await t.core.withdraw(personActor(f.electors[5]?.personId ?? ''), {
      participantId: f.electors[5]?.participantId ?? '',
    }),
  );
  const truth = new Map<string, Choice>([
    [f.electors[0]?.personId ?? '', 'ACCEPT'],
    [f.electors[1]?.personId ?? '', 'ACCEPT'],
    [f.electors[2]?.personId ?? '', 'ACCEPT'],
    [f.electors[3]?.personId ?? '', 'ACCEPT'],
    [f.electors[4]?.personId ?? '', 'ABSTAIN'],
  ]);
  return { ...f, voteId, closesAt, truth };
}

/** The reader's first attack: rows written in the same transaction share `xmin`. */
const xminLinks = (ballotTable: 'ballot' | 'published_ballot', voteId: string) =>
  t.db.sql.query<{ person_id: string; choice: Choice }>(
    `SELECT p.person_id, b.choice::text AS choice
     FROM ${ballotTable} b
     JOIN electorate_member em ON em.xmin::text = b.xmin::text
     JOIN participant p ON p.id = em.participant_id
     WHERE b.vote_id = $1::uuid`,
    [voteId],
  );

const auditLinks = (ballotTable: 'ballot' | 'published_ballot', voteId: string) =>
  t.db.sql.query<{ actor: string; choice: Choice }>(
    `SELECT a.actor, b.choice::text AS choice FROM ${ballotTable} b
     JOIN audit_entry a ON a.xmin::text = b.xmin::text
     WHERE b.vote_id = $1::uuid AND a.action IN ('ballot.cast', 'ballot.changed')`,
    [voteId],
  );

describe('a database reader after the close', () => {
  it('links no one to a choice: not by xmin, row order, the audit log, the outbox or timestamps', async () => {
    const v = await playedVote();
    // The control: while the vote runs, the same queries do link voters to their choices — the design
    // before issue 10 kept these rows after the close, which is what the reader exploited.
    const during = await xminLinks('ballot', v.voteId);
    expect(during.length).toBeGreaterThan(0);
    for (const row of during) expect(row.choice).toBe(v.truth.get(row.person_id));
    expect((await auditLinks('ballot', v.voteId)).length).toBeGreaterThan(0);

    t.clock.set(v.closesAt);
    const result = unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
    expect(result.counts).toEqual({ electorate: 5, accept: 4, refuse: 0, abstain: 1 });

    // 1. xmin: the published ballots were all written by the closing transaction, which touched no row
    //    of a voter; the original ballots and their links are gone.
    expect(await xminLinks('published_ballot', v.voteId)).toEqual([]);
    expect(await auditLinks('published_ballot', v.voteId)).toEqual([]);
    const xmins = await t.db.sql.query<{ n: number }>(
      'SELECT count(DISTINCT xmin::text)::int AS n FROM published_ballot WHERE vote_id = $1::uuid',
      [v.voteId],
    );
    expect(xmins).toEqual([{ n: 1 }]);
    expect(await t.db.prisma.ballot.count()).toBe(0);

    // Every row the closing transaction wrote, in any table: none names a voter.
    const ids = [...v.electors.flatMap((e) => [e.personId, e.participantId]), 'tg-1', 'dc-1'];
    const tables = await t.db.sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    for (const { tablename } of tables) {
      const rows = await t.db.sql.query<{ row: string }>(
        `SELECT to_jsonb(x)::text AS row FROM "${tablename}" x
         WHERE x.xmin::text IN (SELECT xmin::text FROM published_ballot)`,
      );
      for (const { row } of rows) for (const id of ids) expect(row, tablename).not.toContain(id);
    }

    // 2. Row order (ctid): the physical order is the receipts' order, random, not the order of casting.
    const byCtid = await t.db.sql.query<{ receipt_code: string }>(
      'SELECT receipt_code FROM published_ballot WHERE vote_id = $1::uuid ORDER BY ctid',
      [v.voteId],
    );
    const codes = byCtid.map((row) => row.receipt_code);
    expect(codes).toEqual([...codes].sort());

    // 3. Timestamps and sequences: a published ballot has no time, no generated id, nothing but this.
    const columns = await t.db.sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'published_ballot' ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['choice', 'receipt_code', 'vote_id']);

    // 4. The audit log, the outbox, the conversations: a receipt code appears nowhere but in the list.
    for (const table of [
      'audit_entry',
      'outbox_message',
      'conversation_state',
      'timer',
      'processed_update',
    ]) {
      const text = await t.db.sql.query<{ rows: string | null }>(
        `SELECT string_agg(to_jsonb(x)::text, ' ') AS rows FROM "${table}" x`,
      );
      for (const code of codes) expect(text[0]?.rows ?? '', table).not.toContain(code);
    }
    // The audit log says who voted (not what): nothing in a ballot entry names a choice.
    const ballotEntries = await t.db.prisma.auditEntry.findMany({
      where: { action: { in: ['ballot.cast', 'ballot.changed'] } },
    });
    expect(ballotEntries).toHaveLength(8);
    for (const entry of ballotEntries) expect(entry.details).toEqual({});
  });
});
