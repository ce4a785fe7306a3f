import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../core/clock/clock.ts';
import {
  batchedAnsweredMarks,
  MAX_INBOUND_ATTEMPTS,
  markAnswered,
  pruneInboundUpdates,
  type RecordOptions,
  recordInboundUpdate,
  unfinishedInboundUpdates,
} from '../../core/conversations/inbound-updates.ts';
import { finishTurn, saveConversation } from '../../core/conversations/store.ts';
import { LeaseLost, runInTurn } from '../../core/conversations/turn-journal.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

const update = (updateId: string, instanceId = 'a'): RecordOptions => ({
  platform: 'TELEGRAM',
  updateId,
  body: { update_id: 1, message: { text: 'bonjour' } },
  instanceId,
  leaseMs: MINUTE,
});

describe('inbound updates', () => {
  it('are recorded once; one left unfinished is taken over when its lease runs out, then given up', async () => {
    const deps = t.core.deps;
    expect(await recordInboundUpdate(deps, update('bot:1'))).toEqual({
      action: 'handle',
      update: { platform: 'TELEGRAM', updateId: 'bot:1', holder: expect.stringMatching(/^a\//), journal: {} },
      attempts: 1,
    });
    // The platform sends it again while the first instance handles it: nothing to do.
    expect(await recordInboundUpdate(deps, update('bot:1', 'b'))).toEqual({ action: 'skip' });
    expect(await recordInboundUpdate(deps, { ...update('bot:1'), platform: 'DISCORD' })).toMatchObject({
      action: 'handle',
    });

    t.clock.advance(MINUTE + 1);
    expect(await unfinishedInboundUpdates(deps, 'TELEGRAM')).toEqual([
      { updateId: 'bot:1', body: { update_id: 1, message: { text: 'bonjour' } } },
    ]);
    expect(await recordInboundUpdate(deps, update('bot:1', 'b'))).toEqual({
      action: 'handle',
      update: { platform: 'TELEGRAM', updateId: 'bot:1', holder: expect.stringMatching(/^b\//), journal: {} },
      attempts: 2,
    });
    expect(await unfinishedInboundUpdates(deps, 'TELEGRAM')).toEqual([]);

    for (let attempt = 3; attempt <= MAX_INBOUND_ATTEMPTS; attempt++) {
      t.clock.advance(MINUTE + 1);
      expect(await recordInboundUpdate(deps, update('bot:1'))).toMatchObject({
        action: 'handle',
        attempts: attempt,
      });
    }
    t.clock.advance(MINUTE + 1);
    expect(await recordInboundUpdate(deps, update('bot:1'))).toEqual({ action: 'skip' });
    const row = await t.db.prisma.inboundUpdate.findFirstOrThrow({
      where: { updateId: 'bot:1', platform: 'TELEGRAM' },
    });
    expect(row.status).toBe('abandoned');
    t.clock.advance(MINUTE + 1);
    expect(await unfinishedInboundUpdates(deps, 'TELEGRAM')).toEqual([]);
  });

  it('once done, only their answer is sent again; once answered, only the key is kept, for a few days', async () => {
    const deps = t.core.deps;
    const recorded = await recordInboundUpdate(deps, update('bot:2'));
    if (recorded.action !== 'handle') throw new Error('not recorded');
    const answer = {
      chatId: '42',
      replies: [{ text: 'Reçu', file: { name: 'a.csv', bytes: new Uint8Array([1, 2]) } }],
    };
    expect(await finishTurn(deps, '42', 0, null, recorded.update, answer)).toBe('finished');
    // Its process died before the answer went: the next one finds it and gets the answer to send.
    t.clock.advance(MINUTE + 1);
    expect(await recordInboundUpdate(deps, update('bot:2', 'b'))).toEqual({
      action: 'answer',
      replies: answer,
    });

    await markAnswered(deps, 'TELEGRAM', 'bot:2');
    t.clock.advance(MINUTE + 1);
    expect(await recordInboundUpdate(deps, update('bot:2'))).toEqual({ action: 'skip' });
    const row = await t.db.prisma.inboundUpdate.findFirstOrThrow({ where: { updateId: 'bot:2' } });
    expect(row).toMatchObject({ status: 'answered', body: null, journal: null, replies: null });

    t.clock.advance(2 * DAY);
    await recordInboundUpdate(deps, update('bot:3'));
    t.clock.advance(2 * DAY);
    expect(await pruneInboundUpdates(deps)).toBeGreaterThanOrEqual(1);
    const kept = await t.db.prisma.inboundUpdate.findMany({
      where: { platform: 'TELEGRAM' },
      select: { updateId: true },
    });
    expect(kept).toEqual([{ updateId: 'bot:3' }]);
  });

  it('save the conversation state with the update, or neither when another handling saved it first', async () => {
    const deps = t.core.deps;
    const recorded = await recordInboundUpdate(deps, update('bot:4'));
    if (recorded.action !== 'handle') throw new Error('not recorded');
    const next = { flow: 'joining', step: 'amount', data: {} };
    const finish = (version: number, held = recorded.update) =>
      finishTurn(deps, '77', version, next, held, { chatId: '77', replies: [] });
    await saveConversation(deps, 'TELEGRAM', '77', 0, { flow: null, step: null, data: {} });
    expect(await finish(0)).toBe('conflict');
    // An instance that lost the lease saves nothing at all.
    expect(await finish(1, { ...recorded.update, holder: 'someone else' })).toBe('leaseLost');
    expect((await t.db.prisma.inboundUpdate.findFirstOrThrow({ where: { updateId: 'bot:4' } })).status).toBe(
      'received',
    );
    expect(await finish(1)).toBe('finished');
    expect((await t.db.prisma.inboundUpdate.findFirstOrThrow({ where: { updateId: 'bot:4' } })).status).toBe(
      'done',
    );
    expect(
      await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: '77' } }),
    ).toMatchObject({
      flow: 'joining',
      step: 'amount',
      version: 2,
    });
  });

  it('bring the conversation state along when asked; saving it still checks its version', async () => {
    const deps = t.core.deps;
    const first = await recordInboundUpdate(deps, { ...update('bot:8'), conversationOf: '88' });
    if (first.action !== 'handle') throw new Error('not recorded');
    expect(first.update.conversation?.state).toEqual({ flow: null, step: null, data: {}, version: 0 });

    await saveConversation(deps, 'TELEGRAM', '88', 0, { flow: 'joining', step: 'amount', data: { n: 1 } });
    const second = await recordInboundUpdate(deps, { ...update('bot:9'), conversationOf: '88' });
    if (second.action !== 'handle') throw new Error('not recorded');
    expect(second.update.conversation?.state).toEqual({
      flow: 'joining',
      step: 'amount',
      data: { n: 1 },
      version: 1,
      updatedAt: t.clock.now(),
    });

    // The first update's state is now stale: its turn must not overwrite what the second read.
    const next = { flow: 'joining', step: 'review', data: {} };
    expect(await finishTurn(deps, '88', 0, next, first.update, { chatId: '88', replies: [] })).toBe(
      'conflict',
    );
    expect(await finishTurn(deps, '88', 1, next, second.update, { chatId: '88', replies: [] })).toBe(
      'finished',
    );
  });

  it('are stored whatever odd text they hold (a NUL, half a surrogate pair cannot be in jsonb)', async () => {
    const deps = t.core.deps;
    const odd = {
      ...update('bot:6'),
      body: { message: { text: 'a\u0000b\ud800c', 'k\u0000': [new Date(0)] } },
    };
    expect(await recordInboundUpdate(deps, odd)).toMatchObject({ action: 'handle' });
    const row = await t.db.prisma.inboundUpdate.findFirstOrThrow({ where: { updateId: 'bot:6' } });
    expect(row.body).toEqual({
      message: { text: 'a\ufffdb\ufffdc', 'k\ufffd': [{ $date: '1970-01-01T00:00:00.000Z' }] },
    });
  });
});

describe('answers marked in batches', () => {
  const statuses = async (ids: string[]) =>
    (
      await t.db.prisma.inboundUpdate.findMany({
        where: { updateId: { in: ids } },
        select: { status: true, body: true },
        orderBy: { updateId: 'asc' },
      })
    ).map((row) => `${row.status}${row.body === null ? '' : '+body'}`);

  it('writes the marks waiting with the next record, in its statement, and one alone after a moment', async () => {
    const deps = t.core.deps;
    const ids = Array.from({ length: 8 }, (_, i) => `batch:${i}`);
    for (const id of ids) await recordInboundUpdate(deps, update(id));
    const sent: unknown[] = [];
    const counting = { ...deps, db: { ...deps.db, sql: { ...deps.db.sql, query: countingQuery(sent) } } };
    const marks = batchedAnsweredMarks(counting, 'TELEGRAM', { stopping: () => false, idleMs: 60_000 });

    const marked = Promise.all(ids.map((id) => marks.mark(id)));
    expect(await statuses(ids)).toEqual(ids.map(() => 'received+body'));
    const next = await marks.carry((answered) =>
      recordInboundUpdate(counting, { ...update('batch:next'), answered }),
    );
    expect(next).toMatchObject({ action: 'handle' });
    await marked;
    expect(await statuses(ids)).toEqual(ids.map(() => 'answered'));
    expect(sent).toHaveLength(1);

    // A record that fails leaves them waiting, to be written by the next.
    const failing = marks.mark('batch:next');
    await expect(marks.carry(() => Promise.reject(new Error('connection refused')))).rejects.toThrow();
    await marks.carry((answered) => recordInboundUpdate(counting, { ...update('batch:after'), answered }));
    await failing;
    expect(await statuses(['batch:after', 'batch:next'])).toEqual(['received+body', 'answered']);
    expect(sent).toHaveLength(2);

    // Nothing else comes: written alone, a moment later.
    const soon = batchedAnsweredMarks(counting, 'TELEGRAM', { stopping: () => false, idleMs: 10 });
    await soon.mark('batch:after');
    expect(await statuses(['batch:after'])).toEqual(['answered']);
    expect(sent).toHaveLength(3);

    function countingQuery(log: unknown[]) {
      return ((text: string, params?: unknown[]) => {
        log.push(params);
        return deps.db.sql.query(text, params);
      }) as typeof deps.db.sql.query;
    }
  });

  it('tries again while the database is away, and gives up only when stopping', async () => {
    const deps = t.core.deps;
    await recordInboundUpdate(deps, update('batch:away'));
    await recordInboundUpdate(deps, update('batch:stopping'));
    let failures = 2;
    let stopping = false;
    const flaky = {
      ...deps,
      db: {
        ...deps.db,
        sql: {
          ...deps.db.sql,
          query: ((text: string, params?: unknown[]) =>
            failures-- > 0
              ? Promise.reject(new Error('connection refused'))
              : deps.db.sql.query(text, params)) as typeof deps.db.sql.query,
        },
      },
    };
    const marks = batchedAnsweredMarks(flaky, 'TELEGRAM', { stopping: () => stopping, retryMs: 5 });
    await marks.mark('batch:away');
    expect(failures).toBe(-1);
    expect(await statuses(['batch:away'])).toEqual(['answered']);

    failures = 1;
    stopping = true;
    await expect(marks.mark('batch:stopping')).rejects.toThrow('connection refused');
    // Left as it was, its body kept: the next start answers it again rather than lose the answer.
    expect(await statuses(['batch:stopping'])).toEqual(['received+body']);
  });
});

describe('the journal of a turn', () => {
  it('gives a command run again for the same update the result it committed, without a second effect', async () => {
    const deps = t.core.deps;
    const turn = await recordInboundUpdate(deps, update('bot:5'));
    if (turn.action !== 'handle') throw new Error('not recorded');
    const audited = () => t.db.prisma.auditEntry.count({ where: { action: 'mediator.accessRefused' } });
    const before = await audited();
    const refuse = (who: string) =>
      t.core.recordRefusedMediatorAccess(systemActor('slack'), {
        platformUserId: who,
        attempted: 'command:x',
      });

    const first = await runInTurn(turn.update, async () => [
      await refuse('slack:T:U1'),
      await refuse('slack:T:U1'),
    ]);
    expect(await audited()).toBe(before + 2);

    // The process died before the state was saved: handled again, with the journal it left.
    t.clock.advance(MINUTE + 1);
    const again = await recordInboundUpdate(deps, update('bot:5', 'b'));
    if (again.action !== 'handle') throw new Error('not taken over');
    expect(Object.keys(again.update.journal)).toHaveLength(2);
    const second = await runInTurn(again.update, async () => [
      await refuse('slack:T:U1'),
      await refuse('slack:T:U1'),
      // A call the first handling never made runs for real.
      await refuse('slack:T:U2'),
    ]);
    expect(second.slice(0, 2)).toEqual(first);
    expect(await audited()).toBe(before + 3);

    // An instance that lost the lease (another took the update over) commits nothing.
    await expect(
      runInTurn({ ...again.update, holder: 'too slow' }, () => refuse('slack:T:U4')),
    ).rejects.toThrow(LeaseLost);
    expect(await audited()).toBe(before + 3);
  });

  it('gives a replay what the first handling read before it committed, not what changed since', async () => {
    const deps = t.core.deps;
    const turn = await recordInboundUpdate(deps, update('bot:7'));
    if (turn.action !== 'handle') throw new Error('not recorded');
    const open = () => t.core.query.openMediations({ locale: 'fr', pageSize: 5 });
    const refuse = () =>
      t.core.recordRefusedMediatorAccess(systemActor('slack'), {
        platformUserId: 'slack:T:U3',
        attempted: 'x',
      });
    const firstRead = await runInTurn(turn.update, async () => {
      const read = await open();
      await refuse();
      return read;
    });
    await seedDemoData(t.db, t.clock);
    expect((await open()).total).toBeGreaterThan(firstRead.total);

    t.clock.advance(MINUTE + 1);
    const again = await recordInboundUpdate(deps, update('bot:7', 'b'));
    if (again.action !== 'handle') throw new Error('not taken over');
    const replayedRead = await runInTurn(again.update, async () => {
      const read = await open();
      await refuse();
      return read;
    });
    expect(replayedRead).toEqual(firstRead);
  });
});
