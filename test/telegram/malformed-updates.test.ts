import { describe, expect, it } from 'vitest';
import { mutate, seededRandom } from '../support/fuzz.ts';
import { useTelegramBot, WEBHOOK_SECRET } from './harness.ts';
import { probeFlow } from './probe-flow.ts';

// A well-signed body may still be anything: Telegram's format, a proxy's mangling, an attacker holding
// the secret. Whatever it holds, the process stays up, answers no 5xx, and shows a person no internals.
const h = useTelegramBot({ flows: [probeFlow], webhook: true });

let nextUpdateId = 5_000_000;
const post = (body: string) =>
  fetch(h.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
    body,
  });

function message(userId: number, text: string) {
  return {
    update_id: ++nextUpdateId,
    message: {
      message_id: nextUpdateId,
      date: 1_800_000_000,
      text,
      entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }],
      chat: { id: userId, type: 'private', first_name: 'Test' },
      from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'fr' },
    },
  };
}

function button(userId: number) {
  return {
    update_id: ++nextUpdateId,
    callback_query: {
      id: `cbq-${nextUpdateId}`,
      chat_instance: 'ci',
      data: 'probe:pick:a',
      from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'en' },
      message: { message_id: 5, date: 0, chat: { id: userId, type: 'private' }, text: 'Sonde' },
    },
  };
}

/** What a person must never read: a stack, an error class, a database word, a JavaScript value. */
const INTERNALS = /Error\b|\bat .+:\d+|prisma|postgres|undefined|\[object |NaN|stack/i;

const sentTexts = () => h.fake.callsOf('sendMessage').map((call) => String(call.body.text ?? ''));

/** A body sent in chunks with no `content-length`, counting how much of it the server pulled. */
async function postStreamed(megabytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= megabytes * 1024 * 1024) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const response = await fetch(h.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
    body,
    duplex: 'half',
  } as RequestInit).catch(() => null);
  return { status: response?.status, sentMb: sent / (1024 * 1024) };
}

describe('oversized Telegram webhook bodies', () => {
  it('refuses a chunked body past 1 MB, and stops reading a 30 MB one long before its end', async () => {
    expect((await postStreamed(2)).status).toBe(413);
    const huge = await postStreamed(30);
    // The 413 may arrive, or the connection may close first: either way the rest was never read.
    expect([413, undefined]).toContain(huge.status);
    expect(huge.sentMb).toBeLessThan(10);
    // Still serving.
    expect((await post(JSON.stringify(message(8_199_999, '/sonde')))).status).toBe(200);
  });
});

describe('malformed Telegram updates, by webhook', () => {
  it('the five that stopped the process are answered, and the bot still serves the next person', async () => {
    const odd: unknown[] = [{ lang: 'fr' }, 42, ['fr', 'en']];
    for (const [i, language_code] of odd.entries()) {
      const update = message(8_200_000 + i, '/sonde');
      (update.message.from as Record<string, unknown>).language_code = language_code;
      expect((await post(JSON.stringify(update))).status).toBeLessThan(500);
    }
    expect((await post('null')).status).toBeLessThan(500);
    expect((await post('[]')).status).toBeLessThan(500);
    expect((await post('{"update_id": "x"}')).status).toBeLessThan(500);
    // A language tag of the wrong kind is no language: the person is answered, in French.
    for (const i of [0, 1, 2]) {
      const answered = h.fake
        .callsOf('sendMessage')
        .filter((call) => call.body.chat_id === String(8_200_000 + i));
      expect(answered.map((call) => call.body.text)).toEqual(['Sonde prête']);
    }
    // The process is alive and well: a normal person gets their answer.
    expect((await post(JSON.stringify(message(8_299_999, '/sonde')))).status).toBe(200);
    const answers = h.fake.callsOf('sendMessage').filter((call) => call.body.chat_id === '8299999');
    expect(answers.map((call) => call.body.text)).toEqual(['Sonde prête']);
  });

  it('1,000 generated malformed updates: no 5xx, no internals shown, the bot still answers', async () => {
    const random = seededRandom(20261203);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const userId = 8_300_000 + (i % 50);
      const example = i % 3 === 0 ? button(userId) : message(userId, i % 2 ? '/sonde' : 'bonjour');
      const response = await post(JSON.stringify(mutate(example, random)));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    for (const text of sentTexts()) expect(text).not.toMatch(INTERNALS);
    expect((await post(JSON.stringify(message(8_399_999, '/sonde')))).status).toBe(200);
    const answers = h.fake.callsOf('sendMessage').filter((call) => call.body.chat_id === '8399999');
    expect(answers.map((call) => call.body.text)).toEqual(['Sonde prête']);
  }, 120_000);
});
