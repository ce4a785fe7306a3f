import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import type { DeliveryChannels } from '../../core/outbox/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { INTERRUPTED } from '../../core/outbox/leases.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { depsOnPool, openSecondPool } from '../support/second-pool.ts';
import {
  addPerson,
  addTelegramPeople,
  FakeChannel,
  hangingAnswer,
  outboxRow,
  queueMessages,
  testDispatch,
} from './support.ts';

const start = new Date('2026-03-02T09:00:00Z');
let t: TestCore;
let secondDb: Database;
beforeAll(async () => {
  t = await openTestCore(start);
  secondDb = await openSecondPool(t.db);
});
afterAll(async () => {
  await secondDb.close();
  await t.close();
});
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
});

/** Two processes of the service: each its own channel (bot client) and, with a server, its own pool. */
function twoInstances() {
  const channelA = new FakeChannel('TELEGRAM', t.clock);
  const channelB = new FakeChannel('TELEGRAM', t.clock);
  const a = { channels: { people: [channelA] } as DeliveryChannels, options: testDispatch(t.clock) };
  const b = {
    channels: { people: [channelB] } as DeliveryChannels,
    options: testDispatch(t.clock, { instanceId: 'instance-b' }),
  };
  return {
    channelA,
    channelB,
    runA: () => dispatchOnce(t.core.deps, a.channels, a.options),
    runB: () => dispatchOnce(depsOnPool(t.core.deps, secondDb), b.channels, b.options),
  };
}

describe('leases on outbox rows', () => {
  it('let another instance redeliver a message once the first one died mid-delivery, exactly once more', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '6001' }]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);
    const { channelA, channelB, runA, runB } = twoInstances();
    const hang = hangingAnswer();
    channelA.answer = hang.answer;

    const crashed = runA(); // never finishes: the process "died" while the platform call was in flight
    await vi.waitFor(() => expect(channelA.deliveries).toHaveLength(1));
    expect(await runB()).toMatchObject({ claimed: 0 });
    t.clock.advance(59_000);
    expect(await runB()).toMatchObject({ claimed: 0 });

    t.clock.advance(1_000);
    // It was marked as being sent when the first instance stopped: sent again, and noted so.
    expect(await runB()).toMatchObject({ claimed: 1, interrupted: 1, sent: 1 });
    t.clock.advance(120_000);
    expect(await runB()).toMatchObject({ claimed: 0 });
    expect(await runA()).toMatchObject({ claimed: 0 });
    expect(channelB.deliveredIds()).toEqual([id]);
    const sentAt = (await outboxRow(t.db, id as string)).sentAt;

    // The first instance's call finally returns: recording it again changes nothing.
    hang.settle({ status: 'retry', afterSeconds: 30 });
    await crashed;
    expect(await outboxRow(t.db, id as string)).toMatchObject({
      status: 'SENT',
      sentAt,
      // The interrupted try and the one that was recorded.
      attempts: 2,
      lastError: INTERRUPTED,
      sendingSince: null,
    });
    expect(channelA.deliveries.length + channelB.deliveries.length).toBe(2);
  });

  it('never redeliver a message recorded as sent, even after its lease time', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '6002' }]);
    await queueMessages(t.db, t.clock, [personId]);
    const { channelA, channelB, runA, runB } = twoInstances();
    await runA();
    t.clock.advance(10 * 60_000);
    await runB();
    expect(channelA.deliveries).toHaveLength(1);
    expect(channelB.deliveries).toHaveLength(0);
  });

  it('let two dispatchers share 300 messages, each delivered exactly once', async () => {
    const people = await addTelegramPeople(
      t.db,
      Array.from({ length: 100 }, (_, i) => `chat-${i}`),
    );
    // Three messages per person: per-chat limits make each dispatcher put some back for later.
    const ids = await queueMessages(t.db, t.clock, [...people, ...people, ...people]);
    const { channelA, channelB, runA, runB } = twoInstances();
    // One batch each first: a claim takes one batch, never more (as `id IN (SELECT … LIMIT)` a generic
    // plan once re-ran the subquery per row and one instance leased all 300), so both take part.
    expect(await runA()).toMatchObject({ claimed: 50 });
    expect(await runB()).toMatchObject({ claimed: 50 });

    for (let round = 0; round < 200; round++) {
      const pending = await t.db.prisma.outboxMessage.count({ where: { status: 'PENDING' } });
      if (pending === 0) break;
      await Promise.all([runA(), runB()]);
      t.clock.advance(250);
    }

    const delivered = [...channelA.deliveredIds(), ...channelB.deliveredIds()];
    expect(delivered).toHaveLength(300);
    expect(new Set(delivered)).toEqual(new Set(ids));
    expect(await t.db.prisma.outboxMessage.count({ where: { status: 'SENT' } })).toBe(300);
  });
});
