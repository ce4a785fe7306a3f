import { beforeEach, describe, expect, it } from 'vitest';
import { addTelegramAccounts, bulkNegotiation } from '../../bench/support.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { expandGroupNotifications } from '../../core/outbox/fan-out.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addPerson, addTelegramPeople, FakeChannel, queueMessages, testDispatch } from './support.ts';

// A group of any size is expanded in short transactions that resume where the last one stopped, and a
// group that fails never holds back the other notifications (issue 11: an electorate of 100,000 timed
// out its single transaction three times of three, and blocked an unrelated message meanwhile).
const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

const personRows = (dedupKey: string) =>
  t.db.prisma.outboxMessage.count({
    where: { audience: 'person', dedupKey: { startsWith: `${dedupKey}:` } },
  });

describe('expanding a group notification', () => {
  it('reaches 2,500 electors in chunks of 1,000, each its own transaction, resuming after the last', async () => {
    const { mediationId } = await bulkNegotiation(t.db, 2500, 'chunks');
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediatorActor('slack:T1/U1'), { mediationId, closesAt }));
    const key = `voteOpened:${voteId}`;

    expect(await expandGroupNotifications(t.core.deps, { limit: 1, chunkSize: 1000 })).toBe(0);
    expect(await personRows(key)).toBe(1000);
    const group = await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupKey: key } });
    expect(group).toMatchObject({ status: 'PENDING', expandedThrough: expect.any(String) });

    expect(await expandGroupNotifications(t.core.deps, { limit: 1, chunkSize: 1000 })).toBe(0);
    expect(await personRows(key)).toBe(2000);
    expect(await expandGroupNotifications(t.core.deps, { limit: 5, chunkSize: 1000 })).toBe(1);
    expect(await personRows(key)).toBe(2500);
    expect(await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupKey: key } })).toMatchObject({
      status: 'SENT',
    });
    // Everyone once: 2,500 distinct people.
    const people = await t.db.sql.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM outbox_message WHERE dedup_key LIKE $1`,
      [`${key}:%`],
    );
    expect(people).toEqual([{ n: 2500 }]);
  });

  it('lets the other notifications through while a vote opened to 12,000 electors expands and goes out', async () => {
    const { mediationId } = await bulkNegotiation(t.db, 12_000, 'flowing');
    await addTelegramAccounts(t.db, mediationId);
    const [someone] = await addTelegramPeople(t.db, ['someone-else']);
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediatorActor('slack:T1/U1'), { mediationId, closesAt }));
    const telegram = new FakeChannel('TELEGRAM', t.clock);
    const options = testDispatch(t.clock);
    const pass = () => dispatchOnce(t.core.deps, { people: [telegram] }, options);

    // The first pass expands the electorate (in chunks, a second's worth at most) and starts on it.
    expect(await pass()).toMatchObject({ sent: 50 });
    // A message to someone else, written after thousands of the vote's messages were due, goes out
    // with the very next pass, and the vote's messages go on around it.
    t.clock.advance(1000);
    const [other] = await queueMessages(t.db, t.clock, [someone ?? null], 'contactAnswered');
    expect(await pass()).toMatchObject({ claimed: 50, sent: 50 });
    expect(telegram.deliveries.slice(50, 100).map((delivery) => delivery.message.outboxId)).toContain(other);
    // The expansion goes on, pass after pass, until every elector has their message.
    const group = { dedupKey: `voteOpened:${voteId}` };
    for (let i = 0; i < 20; i++) {
      if ((await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: group })).status === 'SENT') break;
      expect(await pass()).toMatchObject({ sent: 50 });
    }
    expect(await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: group })).toMatchObject({
      status: 'SENT',
    });
    expect(await personRows(`voteOpened:${voteId}`)).toBe(12_000);
    expect(new Set(telegram.deliveredIds()).size).toBe(telegram.deliveries.length);
  }, 120_000);

  it('a group that fails is put aside for later, and the other notifications still go out', async () => {
    await t.db.prisma.outboxMessage.create({
      data: {
        dedupKey: 'broken-group',
        audience: 'group',
        kind: 'voteOpened',
        // A subject that is not a uuid: its expansion fails in the database.
        payload: { group: { group: 'electorate', voteId: 'not-a-uuid' }, textKey: 'test:notify.hello' },
        nextAttemptAt: t.clock.now(),
        createdAt: t.clock.now(),
      },
    });
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '7001' }]);
    const [waiting] = await queueMessages(t.db, t.clock, [personId]);
    const telegram = new FakeChannel('TELEGRAM', t.clock);

    await dispatchOnce(t.core.deps, { people: [telegram] }, testDispatch(t.clock));
    expect(telegram.deliveredIds()).toEqual([waiting]);
    const broken = await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupKey: 'broken-group' } });
    expect(broken).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(broken.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
  });
});
