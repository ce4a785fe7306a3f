import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HOUR, MINUTE } from '../../core/clock/clock.ts';
import { defineCommand, execute } from '../../core/commands/command.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import type { DeliveryChannels } from '../../core/outbox/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addPerson, FakeChannel, outboxRow, queueMessages, testDispatch } from './support.ts';

const start = new Date('2026-03-02T09:00:00Z');
let telegram: FakeChannel;
let discord: FakeChannel;
let mediators: FakeChannel;
let channels: DeliveryChannels;
const t = useTestCore({ start });
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
  telegram = new FakeChannel('TELEGRAM', t.clock);
  discord = new FakeChannel('DISCORD', t.clock);
  mediators = new FakeChannel('CONSOLE', t.clock);
  channels = { people: [telegram, discord], mediators: { channel: mediators, chatId: 'mediators' } };
});

const dispatch = (options = {}) => dispatchOnce(t.core.deps, channels, testDispatch(t.clock, options));

describe('delivering the outbox', () => {
  it('sends a notification once, in the language of the person, to their chat', async () => {
    const { personId } = await addPerson(t.db, [
      { platform: 'TELEGRAM', chatId: '5001', languageCode: 'en-GB' },
    ]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);

    expect(await dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect(telegram.deliveries.map((delivery) => delivery.message)).toEqual([
      {
        outboxId: id,
        kind: 'broadcast',
        audience: 'person',
        chatId: '5001',
        locale: 'en',
        payload: { textKey: 'test:notify.hello', params: { n: 0 }, refs: { mediationId: 'm-1' } },
        attempt: 1,
      },
    ]);
    expect(await outboxRow(t.db, id as string)).toMatchObject({
      status: 'SENT',
      sentAt: start,
      attempts: 1,
      leasedBy: null,
      leasedUntil: null,
    });
    t.clock.advance(HOUR);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    expect(telegram.deliveries).toHaveLength(1);
  });

  it('goes to the account the person used last, on a platform this process can send to', async () => {
    const { personId } = await addPerson(
      t.db,
      [
        {
          platform: 'TELEGRAM',
          chatId: '5002',
          languageCode: 'en',
          lastSeenAt: new Date(start.getTime() - HOUR),
        },
        { platform: 'DISCORD', chatId: 'dm-77', languageCode: 'en', lastSeenAt: start },
      ],
      'fr',
    );
    await queueMessages(t.db, t.clock, [personId]);
    await dispatch();
    expect(discord.deliveries.map((delivery) => [delivery.message.chatId, delivery.message.locale])).toEqual([
      ['dm-77', 'fr'],
    ]);

    channels = { people: [telegram] };
    await queueMessages(t.db, t.clock, [personId]);
    await dispatch();
    expect(telegram.deliveries.map((delivery) => delivery.message.chatId)).toEqual(['5002']);
  });

  it('keeps a message pending while no channel can reach the person, without counting a try', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'SLACK', chatId: 'D123' }]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);
    expect(await dispatch({ noRouteDelayMs: 5 * MINUTE })).toMatchObject({ putBack: 1 });
    expect(await outboxRow(t.db, id as string)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: new Date(start.getTime() + 5 * MINUTE),
      leasedBy: null,
    });
  });

  it("sends the mediators' messages to their channel, and keeps them until one is registered", async () => {
    const [id] = await queueMessages(t.db, t.clock, [null], 'fileToReview');
    channels = { people: [telegram] };
    await dispatch();
    expect((await outboxRow(t.db, id as string)).status).toBe('PENDING');

    channels = { people: [telegram], mediators: { channel: mediators, chatId: 'C-MEDIATORS' } };
    t.clock.advance(HOUR);
    await dispatch();
    expect(mediators.deliveries.map((d) => [d.message.chatId, d.message.audience, d.message.locale])).toEqual(
      [['C-MEDIATORS', 'mediators', 'fr']],
    );
    expect((await outboxRow(t.db, id as string)).status).toBe('SENT');
  });

  it("honours the platform's retry-after", async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '5003' }]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);
    telegram.answer = () => ({ status: 'retry', afterSeconds: 120, reason: 'telegram:429' });
    expect(await dispatch()).toMatchObject({ retried: 1 });
    const row = await outboxRow(t.db, id as string);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, leasedBy: null });
    expect(row.nextAttemptAt).toEqual(new Date(start.getTime() + 120_000));
    expect(row.lastError).toContain('telegram:429');

    telegram.answer = () => ({ status: 'sent' });
    t.clock.advance(119_000);
    await dispatch();
    expect(telegram.deliveries).toHaveLength(1);
    t.clock.advance(1_000);
    await dispatch();
    expect(telegram.deliveries.map((delivery) => delivery.message.attempt)).toEqual([1, 2]);
    expect((await outboxRow(t.db, id as string)).status).toBe('SENT');
  });

  it('backs off exponentially after errors, keeps their details out of the record, and gives up after 12 tries', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '5004' }]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);
    telegram.answer = () => {
      throw Object.assign(new Error('POST https://api/bot123:SECRET/sendMessage chat 5004 "Bonjour Jean"'), {
        code: 'ECONNRESET',
      });
    };
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      await dispatch();
      const row = await outboxRow(t.db, id as string);
      expect(row.lastError).not.toMatch(/SECRET|5004|Jean/);
      if (row.status === 'PENDING') delays.push(row.nextAttemptAt.getTime() - t.clock.now().getTime());
      t.clock.set(row.nextAttemptAt);
    }
    expect(delays.slice(0, 5)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(Math.max(...delays)).toBe(HOUR);
    const row = await outboxRow(t.db, id as string);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 12 });
    expect(row.lastError).toContain('ECONNRESET');
    t.clock.advance(24 * HOUR);
    await dispatch();
    expect(telegram.deliveries).toHaveLength(12);
  });

  it('marks a person who blocked the bot unreachable instead of trying for ever', async () => {
    const { personId, identityIds } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '5005' }]);
    const [first, second] = await queueMessages(t.db, t.clock, [personId, personId]);
    telegram.answer = () => ({ status: 'unreachable', reason: 'telegram:403 blocked' });
    expect(await dispatch()).toMatchObject({ unreachable: 2 });
    // One try only: the second message is not even attempted on a known-blocked account.
    expect(telegram.deliveries.map((delivery) => delivery.message.outboxId)).toEqual([first]);
    const identity = await t.db.prisma.platformIdentity.findUniqueOrThrow({ where: { id: identityIds[0] } });
    expect(identity.unreachableAt).toEqual(start);
    expect(await outboxRow(t.db, first as string)).toMatchObject({ status: 'UNREACHABLE', leasedBy: null });
    expect((await outboxRow(t.db, second as string)).status).toBe('UNREACHABLE');

    t.clock.advance(24 * HOUR);
    await queueMessages(t.db, t.clock, [personId]);
    await dispatch();
    expect(telegram.deliveries).toHaveLength(1);
  });

  it('falls back to the next account of a person when one becomes unreachable', async () => {
    const { personId } = await addPerson(t.db, [
      { platform: 'DISCORD', chatId: 'dm-1', lastSeenAt: new Date(start.getTime() - HOUR) },
      { platform: 'TELEGRAM', chatId: '5006', lastSeenAt: start },
    ]);
    const [id] = await queueMessages(t.db, t.clock, [personId]);
    telegram.answer = () => ({ status: 'unreachable' });
    await dispatch();
    expect((await outboxRow(t.db, id as string)).status).toBe('PENDING');
    await dispatch();
    expect(discord.deliveredIds()).toEqual([id]);
    expect((await outboxRow(t.db, id as string)).status).toBe('SENT');
  });

  it('never queues the same notification twice for a person (dedup key), through the command runner', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '5007' }]);
    const notifyTwice = defineCommand({
      name: 'testNotifyTwice',
      actors: ['system'],
      input: z.object({ personId: z.string() }),
      async run(ctx, input) {
        const notification = {
          kind: 'fileAdmitted' as const,
          textKey: 'test:x',
          dedupKey: `fileAdmitted:${input.personId}`,
        };
        ctx.notifyPerson(input.personId, notification);
        ctx.notifyPerson(input.personId, notification);
      },
    });
    unwrap(await execute(t.core.deps, notifyTwice, systemActor('test'), { personId }));
    unwrap(await execute(t.core.deps, notifyTwice, systemActor('test'), { personId }));
    expect(await t.db.prisma.outboxMessage.count()).toBe(1);
    await dispatch();
    await dispatch();
    expect(telegram.deliveries).toHaveLength(1);
  });
});
