import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock/clock.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { limitsShared, RateLimiter } from '../../core/outbox/rate-limit.ts';
import { useTestCore } from '../support/core.ts';
import { addTelegramPeople, FakeChannel, queueMessages, testDispatch } from './support.ts';

/** The most sends found in any window of `windowMs` among these virtual times. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** Sends as fast as the limiter lets it, moving the clock only to the next free slot. */
function sendAll(
  limiter: RateLimiter,
  clock: ManualClock,
  sends: [platform: 'TELEGRAM' | 'DISCORD' | 'SLACK', chat: string][],
) {
  const times: { chat: string; at: number }[] = [];
  for (const [platform, chat] of sends) {
    const wait = limiter.waitMs(platform, chat);
    if (wait > 0) clock.advance(wait);
    expect(limiter.waitMs(platform, chat)).toBe(0);
    limiter.spend(platform, chat);
    times.push({ chat, at: clock.now().getTime() });
  }
  return times;
}

describe('the rate limiter', () => {
  it('lets Discord send 50 a second, and no more', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock);
    const times = sendAll(
      limiter,
      clock,
      Array.from({ length: 200 }, (_, i) => ['DISCORD', `channel-${i}`] as ['DISCORD', string]),
    );
    expect(
      busiestWindow(
        times.map((time) => time.at),
        1000,
      ),
    ).toBe(50);
    expect((times.at(-1)?.at ?? 0) - (times[0]?.at ?? 0)).toBeLessThan(4000);
  });

  it('lets Slack post once a second in one channel, while other channels go on', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock);
    const start = clock.now().getTime();
    const times = sendAll(limiter, clock, [
      ['SLACK', 'C1'],
      ['SLACK', 'C2'],
      ['SLACK', 'C1'],
    ]);
    expect(times.map((time) => time.at - start)).toEqual([0, 0, 1000]);
  });

  it('holds a chat back for as long as the platform asked', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock);
    limiter.holdOff('DISCORD', 'dm-1', 30_000);
    expect(limiter.waitMs('DISCORD', 'dm-1')).toBe(30_000);
    expect(limiter.waitMs('DISCORD', 'dm-2')).toBe(0);
  });

  it('splits the limits between instances sending for the same bot', () => {
    expect(limitsShared(3).TELEGRAM).toEqual({
      global: { limit: 10, windowMs: 1000 },
      perChat: { limit: 1, windowMs: 1000 },
    });
  });
});

describe('the dispatcher within Telegram limits', () => {
  const t = useTestCore();

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
    // Limited, not stalled: ten messages to one chat need about ten seconds. The parallel delivery
    // queues each move the shared test clock when they wait, so the span measured here runs a few
    // seconds over (11 to 15 s seen, depending on scheduling); a stall (a lease, a backoff) is a minute.
    expect(Math.max(...times) - started).toBeLessThan(20_000);
    expect(await t.db.prisma.outboxMessage.count({ where: { status: 'SENT' } })).toBe(120);
  });
});
