import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import type { Flow } from '../../bots/conversation/flow.ts';
import { MINUTE } from '../../core/clock/clock.ts';
import { recordInboundUpdate } from '../../core/conversations/inbound-updates.ts';
import { saveConversation } from '../../core/conversations/store.ts';
import { useTestCore } from '../support/core.ts';

// The conversation's state read in the statement that records its update (issue 16): the engine uses
// that early read only while nothing can have changed the state under it, and reads again otherwise.
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
    const recordAndHold = async (updateId: string) => {
      const recorded = await recordInboundUpdate(t.core.deps, {
        platform: 'TELEGRAM',
        updateId,
        body: { message: { text: '/compte' } },
        instanceId: 'a',
        leaseMs: MINUTE,
        conversationOf: userId,
      });
      if (recorded.action !== 'handle') throw new Error('not recorded');
      return recorded.update;
    };
    const say = (held: Awaited<ReturnType<typeof recordAndHold>>) =>
      conversation.handle({
        platform: 'TELEGRAM',
        userId,
        chatId: userId,
        languageCode: 'fr',
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
});
