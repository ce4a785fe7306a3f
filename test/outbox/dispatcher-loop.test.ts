import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineCommand, execute } from '../../core/commands/command.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { dispatchOnce, startDispatcher } from '../../core/outbox/dispatcher.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { insertParticipant } from '../support/participants.ts';
import { addPerson, FakeChannel, queueMessages, testDispatch } from './support.ts';

const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

describe('the dispatcher', () => {
  it('delivers on its own in the background and stops cleanly', async () => {
    const console = new FakeChannel('CONSOLE', t.clock);
    const people = [];
    for (let i = 0; i < 5; i++)
      people.push((await addPerson(t.db, [{ platform: 'CONSOLE', chatId: `term-${i}` }])).personId);
    await queueMessages(t.db, t.clock, people);
    const dispatcher = startDispatcher(
      t.core.deps,
      { people: [console] },
      { intervalMs: 5, instanceId: 'a', batchSize: 2 },
    );
    await vi.waitFor(() => expect(console.deliveries).toHaveLength(5), { timeout: 10_000, interval: 20 });
    await dispatcher.stop();

    await queueMessages(t.db, t.clock, [people[0] as string]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(console.deliveries).toHaveLength(5);
    expect(await t.db.prisma.outboxMessage.count({ where: { status: 'PENDING' } })).toBe(1);
  });

  it('expands a notification to a whole mediation into one message per participant still in it', async () => {
    const company = await t.db.prisma.company.create({ data: { slug: 'acme', name: 'Acme' } });
    const texts = { titleFr: 'T', titleEn: 'T', summaryFr: 'S', summaryEn: 'S', goalFr: 'G', goalEn: 'G' };
    const mediation = await t.db.prisma.mediation.create({
      data: {
        slug: 'acme-fees',
        companyId: company.id,
        createdBy: 'mediator:m1',
        status: 'VOTING',
        ...texts,
      },
    });
    const statuses = ['ADMITTED', 'SUBMITTED', 'WITHDRAWN', 'DRAFT'] as const;
    const people: string[] = [];
    for (const [i, status] of statuses.entries()) {
      const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: `g-${i}` }]);
      await insertParticipant(t.db, mediation.id, t.clock.now(), { personId, status, amountCents: null });
      people.push(personId);
    }
    const announce = defineCommand({
      name: 'testAnnounce',
      actors: ['system'],
      input: z.object({}),
      async run(ctx) {
        ctx.notifyGroup(
          { group: 'participants', mediationId: mediation.id },
          {
            kind: 'broadcast',
            textKey: 'test:notify.news',
            dedupKey: `news:${mediation.id}`,
            refs: { mediationId: mediation.id },
          },
        );
      },
    });
    unwrap(await execute(t.core.deps, announce, systemActor('test'), {}));
    const telegram = new FakeChannel('TELEGRAM', t.clock);

    const report = await dispatchOnce(t.core.deps, { people: [telegram] }, testDispatch(t.clock));
    expect(report).toMatchObject({ groupsExpanded: 1, sent: 2 });
    expect(telegram.deliveries.map((delivery) => delivery.message.chatId).sort()).toEqual(['g-0', 'g-1']);
    expect(telegram.deliveries[0]?.message.payload).toEqual({
      textKey: 'test:notify.news',
      params: {},
      refs: { mediationId: mediation.id },
    });
    await dispatchOnce(t.core.deps, { people: [telegram] }, testDispatch(t.clock));
    expect(telegram.deliveries).toHaveLength(2);
  });
});
