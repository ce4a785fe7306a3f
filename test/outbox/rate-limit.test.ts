import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { claimDueMessages } from '../../core/outbox/leases.ts';
import { databasePacer, type SendPacer } from '../../core/outbox/rate-limit.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { openSecondPool } from '../support/second-pool.ts';
import { busiestWindow } from '../support/send-windows.ts';
import { addTelegramPeople, FakeChannel, outboxRow, queueMessages, testDispatch } from './support.ts';

const start = new Date('2026-03-02T09:00:00Z');
let t: TestCore;
let secondDb: Database;
let pacer: SendPacer;
beforeAll(async () => {
  t = await openTestCore(start);
  secondDb = await openSecondPool(t.db);
  pacer = databasePacer(t.db.sql, t.clock);
});
afterAll(async () => {
  await secondDb.close();
  await t.close();
});
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
});

const atMs = (ms: number) => new Date(start.getTime() + ms);

/** Sends as fast as the slots allow, the virtual clock moving to each slot; the times, from the start. */
async function sendAll(sends: [platform: Platform, chat: string][]) {
  const times: number[] = [];
  for (const [platform, chatId] of sends) {
    for (;;) {
      const take = await pacer.take({ platform, chatId, maxWaitMs: 60_000 });
      if (take.kind === 'lost') throw new Error('no outbox row was given: a slot cannot be lost');
      if (take.kind === 'wait') {
        t.clock.set(take.until);
        continue;
      }
      t.clock.set(new Date(Math.max(t.clock.now().getTime(), take.at.getTime())));
      times.push(t.clock.now().getTime() - start.getTime());
      break;
    }
  }
  return times;
}

const many = (platform: Platform, n: number) =>
  Array.from({ length: n }, (_, i) => [platform, `chat-${i}`] as [Platform, string]);
const perSecond = (times: number[]) => ((times.length - 1) * 1000) / ((times.at(-1) ?? 0) - (times[0] ?? 0));

describe('send slots in the database', () => {
  it('let Telegram send 30 in no second, at 96 % of that rate', async () => {
    const times = await sendAll(many('TELEGRAM', 300));
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(29);
    // Room for a late start: even 40 ms late, 30 never fit in one second.
    expect(busiestWindow(times, 1039)).toBeLessThanOrEqual(30);
    expect(perSecond(times)).toBeGreaterThanOrEqual(28.5);
    expect(perSecond(times)).toBeLessThanOrEqual(30);
  });

  it('let Discord send 50 a second, and no more', async () => {
    const times = await sendAll(many('DISCORD', 200));
    expect(busiestWindow(times, 1039)).toBeLessThanOrEqual(50);
    expect(perSecond(times)).toBeGreaterThanOrEqual(47.5);
  });

  it('let Slack post once a second in one channel, while other channels go on', async () => {
    const times = await sendAll([
      ['SLACK', 'C1'],
      ['SLACK', 'C2'],
      ['SLACK', 'C1'],
    ]);
    expect(times).toEqual([0, 0, 1040]);
  });

  it('say when a busy chat is free again, taking nothing meanwhile', async () => {
    const take = (chatId: string) => pacer.take({ platform: 'TELEGRAM', chatId, maxWaitMs: 5000 });
    expect(await take('c1')).toEqual({ kind: 'slot', at: start });
    expect(await take('c1')).toEqual({ kind: 'wait', until: atMs(1040) });
    // The platform's next slot (34.667 ms later, read rounded up) was not spent on the waiting chat.
    expect(await take('c2')).toEqual({ kind: 'slot', at: atMs(35) });
  });

  it('hold a chat for as long as the platform asked, and the platform a second at most', async () => {
    await pacer.holdOff('DISCORD', 'dm-1', 30_000);
    const take = (chatId: string, maxWaitMs = 60_000) =>
      pacer.take({ platform: 'DISCORD', chatId, maxWaitMs });
    expect(await take('dm-1')).toEqual({ kind: 'wait', until: atMs(30_000) });
    expect(await take('dm-2')).toEqual({ kind: 'slot', at: atMs(1000) });
    // A slot further away than one will wait is not taken.
    expect(await take('dm-3', 100)).toEqual({ kind: 'wait', until: atMs(1021) });
  });

  it('are shared by instances on separate connections: no two slots closer than the spacing', async () => {
    const other = databasePacer(secondDb.sql, t.clock);
    const takes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? pacer : other).take({ platform: 'TELEGRAM', chatId: `race-${i}`, maxWaitMs: 600_000 }),
      ),
    );
    const slots = takes
      .map((taken) => (taken.kind === 'slot' ? taken.at.getTime() : Number.NaN))
      .sort((a, b) => a - b);
    expect(slots.every(Number.isFinite)).toBe(true);
    const gaps = slots.slice(1).map((slot, i) => slot - (slots[i] as number));
    // 34.667 ms apart, each read rounded up to the millisecond.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(34);
    expect(busiestWindow(slots, 1039)).toBeLessThanOrEqual(30);
  });

  it('mark the outbox row as being sent in the same statement, and only while it is this instance’s', async () => {
    const [personId] = await addTelegramPeople(t.db, ['mark-1']);
    const [id] = await queueMessages(t.db, t.clock, [personId ?? null]);
    const request = { platform: 'TELEGRAM' as const, chatId: 'mark-1', outboxId: id, maxWaitMs: 1000 };
    expect(await pacer.take({ ...request, instanceId: 'instance-a' })).toEqual({ kind: 'lost' });
    expect(await outboxRow(t.db, id as string)).toMatchObject({ sendingSince: null });

    await claimDueMessages(t.core.deps, { instanceId: 'instance-a', batchSize: 10, leaseSeconds: 60 });
    expect(await pacer.take({ ...request, instanceId: 'instance-b' })).toEqual({ kind: 'lost' });
    expect(await outboxRow(t.db, id as string)).toMatchObject({ sendingSince: null });
    expect(await pacer.take({ ...request, instanceId: 'instance-a' })).toEqual({ kind: 'slot', at: start });
    expect(await outboxRow(t.db, id as string)).toMatchObject({ sendingSince: start });
  });
});

describe('the dispatcher within Telegram limits', () => {
  it('never sends more than 1 message a second to one chat nor more than 30 a second overall', async () => {
    const busy = await addTelegramPeople(t.db, ['busy-0', 'busy-1', 'busy-2']);
    const others = await addTelegramPeople(
      t.db,
      Array.from({ length: 90 }, (_, i) => `chat-${i}`),
    );
    const repeated = busy.flatMap((personId) => Array.from({ length: 10 }, () => personId));
    await queueMessages(t.db, t.clock, [...repeated, ...others]);
    const telegram = new FakeChannel('TELEGRAM', t.clock);
    const options = testDispatch(t.clock, { batchSize: 40 });
    const started = t.clock.now().getTime();

    for (let pass = 0; pass < 500 && telegram.deliveries.length < 120; pass++) {
      const report = await dispatchOnce(t.core.deps, { people: [telegram] }, options);
      if (report.sent === 0) t.clock.advance(100);
    }

    expect(telegram.deliveries).toHaveLength(120);
    expect(new Set(telegram.deliveredIds()).size).toBe(120);
    const times = telegram.deliveries.map((delivery) => delivery.at);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(30);
    const byChat = new Map<string, number[]>();
    for (const { message, at } of telegram.deliveries)
      byChat.set(message.chatId, [...(byChat.get(message.chatId) ?? []), at]);
    expect(byChat.get('busy-0')).toHaveLength(10);
    for (const chatTimes of byChat.values()) expect(busiestWindow(chatTimes, 1000)).toBe(1);
    // Limited, not stalled: ten messages to one chat need about ten seconds (the parallel queues each
    // move the shared test clock when they wait, so the span may run a few seconds over); a stall (a
    // lease, a backoff) is a minute.
    expect(Math.max(...times) - started).toBeLessThan(20_000);
    expect(await t.db.prisma.outboxMessage.count({ where: { status: 'SENT' } })).toBe(120);
    expect(await t.db.prisma.outboxMessage.count({ where: { sendingSince: { not: null } } })).toBe(0);
  });
});
