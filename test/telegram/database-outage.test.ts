import { afterEach, describe, expect, it } from 'vitest';
import type { SqlRunner } from '../../core/db/connect.ts';
import { useTelegramBot, WEBHOOK_SECRET } from './harness.ts';
import { probeFlow, seenBy } from './probe-flow.ts';

// While the database is away, an update cannot be recorded: it must come again rather than be lost
// (issue 11: a 10 s outage dropped every update that arrived during it).
const polling = useTelegramBot({ flows: [probeFlow] });
const hooked = useTelegramBot({ flows: [probeFlow], webhook: true });

/** Every statement sent through the driver fails, as with a database that went away; undo() ends it. */
function databaseAway(sql: SqlRunner) {
  const query = sql.query;
  sql.query = () =>
    Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  return {
    undo: () => {
      sql.query = query;
    },
  };
}
let outage: { undo(): void } | undefined;
afterEach(() => outage?.undo());

const UNAVAILABLE = 'Le service est momentanément indisponible';

describe('the database away, by webhook', () => {
  it('answers 503 so Telegram resends, tells the person once, and handles the resend once back', async () => {
    const userId = 8_500_001;
    const update = {
      update_id: 6_000_001,
      message: {
        message_id: 1,
        date: 1_800_000_000,
        text: '/sonde',
        chat: { id: userId, type: 'private' },
        from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'fr' },
      },
    };
    const post = () =>
      fetch(hooked.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
        body: JSON.stringify(update),
      });
    outage = databaseAway(hooked.t.db.sql);
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(503);
    const toUser = () =>
      hooked.fake.callsOf('sendMessage').filter((call) => String(call.body.chat_id) === String(userId));
    // Told once, not at every retry.
    expect(toUser().map((call) => String(call.body.text))).toEqual([expect.stringContaining(UNAVAILABLE)]);
    outage.undo();
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(seenBy(userId)).toHaveLength(1);
    expect(toUser().at(-1)?.body.text).toBe('Sonde prête');
  });
});

describe('the database away, by polling', () => {
  it('waits on the update it could not record, and handles it once the database is back', async () => {
    const person = polling.fake.person();
    outage = databaseAway(polling.t.db.sql);
    await person.sendText('/sonde');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(person.texts()).toEqual([expect.stringContaining(UNAVAILABLE)]);
    outage.undo();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(person.texts().at(-1)).toBe('Sonde prête');
    expect(seenBy(person.id)).toHaveLength(1);
  }, 20_000);
});
