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
      {
        personId: linked?.personId ?? '',
        platform: 'TELEGRAM',
        externalId: 'telegram-account-of-elector-0',
        chatId: 'telegram-account-of-elector-0',
      },
      {
        personId: linked?.personId ?? '',
        platform: 'DISCORD',
        externalId: 'discord-account-of-elector-0',
        chatId: 'discord-account-of-elector-0',
      },
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
const xminLinks = (voteId: string) =>
  t.db.sql.query<{ person_id: string; choice: Choice }>(
    `SELECT p.person_id, b.choice::text AS choice
     FROM ballot b
     JOIN electorate_member em ON em.xmin::text = b.xmin::text
     JOIN participant p ON p.id = em.participant_id
     WHERE b.vote_id = $1::uuid`,
    [voteId],
  );

const auditLinks = (voteId: string) =>
  t.db.sql.query<{ actor: string; choice: Choice }>(
    `SELECT a.actor, b.choice::text AS choice FROM ballot b
     JOIN audit_entry a ON a.xmin::text = b.xmin::text
     WHERE b.vote_id = $1::uuid AND a.action IN ('ballot.cast', 'ballot.changed')`,
    [voteId],
  );

describe('a database reader after the close', () => {
  it('links no one to a choice: not by xmin, row order, the audit log, the outbox or timestamps', async () => {
    const v = await playedVote();
    // The control: while the vote runs, the same queries do link voters to their choices — the design
    // before issue 10 kept these rows after the close, which is what the reader exploited.
    const during = await xminLinks(v.voteId);
    expect(during.length).toBeGreaterThan(0);
    for (const row of during) expect(row.choice).toBe(v.truth.get(row.person_id));
    expect((await auditLinks(v.voteId)).length).toBeGreaterThan(0);

    t.clock.set(v.closesAt);
    const result = unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
    expect(result.counts).toEqual({ electorate: 5, accept: 4, refuse: 0, abstain: 1 });

    // 1. xmin: the ballots are gone; the list is one row written by the closing transaction, which
    //    touched no row of a voter: every row sharing its xmin, in any table, names none of them.
    expect(await t.db.prisma.ballot.count()).toBe(0);
    expect(await xminLinks(v.voteId)).toEqual([]);
    const ids = [
      ...v.electors.flatMap((e) => [e.personId, e.participantId]),
      'telegram-account-of-elector-0',
      'discord-account-of-elector-0',
    ];
    const tables = await t.db.sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    let written = 0;
    for (const { tablename } of tables) {
      const rows = await t.db.sql.query<{ row: string }>(
        `SELECT to_jsonb(x)::text AS row FROM "${tablename}" x
         WHERE x.xmin::text = (SELECT xmin::text FROM published_list WHERE vote_id = $1::uuid)`,
        [v.voteId],
      );
      written += rows.length;
      for (const { row } of rows) for (const id of ids) expect(row, tablename).not.toContain(id);
    }
    expect(written).toBeGreaterThan(3); // the list, the vote, the offer, the mediation, the notices…

    // 2. Row order: one row for the whole list, whose lines follow the receipts' order (random), not
    //    the order of casting.
    const { body } = await t.db.prisma.publishedList.findUniqueOrThrow({ where: { voteId: v.voteId } });
    const codes = body
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(',')[0] ?? '');
    expect(codes).toHaveLength(5);
    expect(codes).toEqual([...codes].sort());

    // 3. Timestamps and sequences: the list has no time, no generated id, nothing but its text.
    const columns = await t.db.sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'published_list' ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['body', 'vote_id']);

    // 4. The audit log, the outbox, the conversations: a receipt code appears nowhere but in the list.
    for (const table of ['audit_entry', 'outbox_message', 'conversation_state', 'timer', 'inbound_update']) {
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
