import { describe, expect, it, vi } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import type { Flow } from '../../bots/conversation/flow.ts';
import { MINUTE } from '../../core/clock/clock.ts';
import { type HeldUpdate, recordInboundUpdate } from '../../core/conversations/inbound-updates.ts';
import { saveConversation } from '../../core/conversations/store.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';

// The conversation's state and account read in the statement that records its update (issue 16): the
// engine uses that early read only while nothing can have changed them under it, and reads again otherwise.
const t = useTestCore();

describe('the state read with its update', () => {
  /** A flow that counts its runs and the messages it saw: a run on a stale state counts one run too many. */
  function countingConversation(userId: string) {
    const counted = { runs: 0 };
    const counter: Flow = {
      name: 'counter',
      commands: ['compte'],
      async start(ctx) {
        counted.runs++;
        const seen = Number(ctx.state.data.seen ?? 0) + 1;
        ctx.next('counter', null, { seen });
        return [{ text: String(seen) }];
      },
    };
    const conversation = createConversation(t.core, [counter]);
    const recordAndHold = (updateId: string) => recordHeld(userId, updateId);
    const say = (held: HeldUpdate, languageCode = 'fr') =>
      conversation.handle({
        platform: 'TELEGRAM',
        userId,
        chatId: userId,
        languageCode,
        event: { type: 'command', name: 'compte', args: '' },
        update: held,
      });
    const savedState = () =>
      t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: userId } });
    return { counted, recordAndHold, say, savedState };
  }

  it('handled in a row, a message recorded before the previous one was saved never runs on its stale state', async () => {
    const { counted, recordAndHold, say, savedState } = countingConversation('99');
    // Both recorded (and their state read) before either is handled, as with two quick messages.
    const first = await recordAndHold('count:1');
    const second = await recordAndHold('count:2');
    expect(await say(first)).toEqual([{ text: '1' }]);
    expect(await say(second)).toEqual([{ text: '2' }]);
    expect(counted.runs).toBe(2);
    expect(await savedState()).toMatchObject({ data: { seen: 2 }, version: 2 });
  });

  it('a save that committed but whose answer was lost still makes the next message read the state again', async () => {
    const { counted, recordAndHold, say, savedState } = countingConversation('98');
    const first = await recordAndHold('lost:1');
    const second = await recordAndHold('lost:2');
    // The connection drops after the COMMIT of the first message's save: committed, reported failed.
    const sql = t.core.deps.db.sql;
    const query = sql.query.bind(sql);
    sql.query = (async (text: string, params?: unknown[]) => {
      const rows = await query(text, params);
      if (text.includes("status = 'done'")) throw new Error('connection lost after the commit');
      return rows;
    }) as typeof sql.query;
    try {
      await expect(say(first)).rejects.toThrow('connection lost');
    } finally {
      sql.query = query;
    }
    expect(await savedState()).toMatchObject({ data: { seen: 1 }, version: 1 });
    expect(await say(second)).toEqual([{ text: '2' }]);
    expect(counted.runs).toBe(2);
  });

  it('a state read with its update too long ago is read again: another instance may have saved it', async () => {
    const { counted, recordAndHold, say, savedState } = countingConversation('97');
    const held = await recordAndHold('late:1');
    // Another instance saves this conversation after the read, then the turn runs past the trusted delay.
    expect(
      await saveConversation(t.core.deps, 'TELEGRAM', '97', 0, {
        flow: 'counter',
        step: null,
        data: { seen: 5 },
      }),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await say(held)).toEqual([{ text: '6' }]);
    expect(counted.runs).toBe(1);
    expect(await savedState()).toMatchObject({ data: { seen: 6 }, version: 2 });
  });

  it('an account read with its update is recognised without a read of its own, and written when it changed', async () => {
    const { recordAndHold, say } = countingConversation('96');
    await say(await recordAndHold('who:1'));
    const identity = () =>
      t.db.prisma.platformIdentity.findFirstOrThrow({ where: { platform: 'TELEGRAM', externalId: '96' } });
    const { personId, lastSeenAt } = await identity();
    // Every statement the turn sends besides the update's record and its end.
    const sent: string[] = [];
    const sql = t.core.deps.db.sql;
    const query = sql.query.bind(sql);
    sql.query = ((text: string, params?: unknown[]) => {
      if (!text.includes('inbound_update')) sent.push(text);
      return query(text, params);
    }) as typeof sql.query;
    const quick = aQuickMachine();
    try {
      t.clock.advance(MINUTE);
      expect(await say(await recordAndHold('who:2'))).toEqual([{ text: '2' }]);
      expect(sent.filter((text) => text.includes('platform_identity'))).toEqual([]);
      // The same person, now writing in English: identifying them reads the account, then writes it.
      expect(await say(await recordAndHold('who:3'), 'en')).toEqual([{ text: '3' }]);
      expect(sent.filter((text) => text.includes('platform_identity'))).toHaveLength(1);
    } finally {
      sql.query = query;
      quick.mockRestore();
    }
    expect(await identity()).toMatchObject({ personId, languageCode: 'en', lastSeenAt: t.clock.now() });
    expect(t.clock.now()).not.toEqual(lastSeenAt);
  });

  it('a turn that changed the account, then failed, makes the next message read it again', async () => {
    const userId = '95';
    const flows: Flow[] = [
      {
        name: 'english',
        commands: ['english'],
        async start(ctx) {
          unwrap(await ctx.core.setLocale(personActor(ctx.personId), { locale: 'en' }));
          throw new Error('failed after its commit');
        },
      },
      { name: 'which', commands: ['which'], start: async (ctx) => [{ text: ctx.locale }] },
    ];
    const conversation = createConversation(t.core, flows);
    const record = (updateId: string) => recordHeld(userId, updateId);
    const ask = (update: HeldUpdate, name: string) =>
      conversation.handle({
        platform: 'TELEGRAM',
        userId,
        chatId: userId,
        languageCode: 'fr',
        event: { type: 'command', name, args: '' },
        update,
      });
    const quick = aQuickMachine();
    try {
      expect(await ask(await record('lang:1'), 'which')).toEqual([{ text: 'fr' }]);
      // Both recorded, their account read, before either is handled: two quick messages.
      const first = await record('lang:2');
      const second = await record('lang:3');
      await expect(ask(first, 'english')).rejects.toThrow('failed after its commit');
      expect(await ask(second, 'which')).toEqual([{ text: 'en' }]);
    } finally {
      quick.mockRestore();
    }
  });
});

/** Records a Telegram update of `userId` (its conversation read with it), held for this instance to handle. */
async function recordHeld(userId: string, updateId: string): Promise<HeldUpdate> {
  const recorded = await recordInboundUpdate(t.core.deps, {
    platform: 'TELEGRAM',
    updateId,
    body: { message: { text: '…' } },
    instanceId: 'a',
    leaseMs: MINUTE,
    conversationOf: userId,
  });
  if (recorded.action !== 'handle') throw new Error('not recorded');
  return recorded.update;
}

/**
 * A machine fast enough that each turn runs well within the delay an early read is trusted, however
 * busy the one running the tests: its clock moves a microsecond per reading.
 */
function aQuickMachine() {
  let now = performance.now();
  return vi.spyOn(performance, 'now').mockImplementation(() => {
    now += 0.001;
    return now;
  });
}
