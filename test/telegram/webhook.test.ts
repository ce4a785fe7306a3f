import { describe, expect, it } from 'vitest';
import { webhookPath } from '../../bots/telegram/webhook.ts';
import { useTelegramBot, WEBHOOK_SECRET } from './harness.ts';
import { probeFlow, seenBy } from './probe-flow.ts';

const h = useTelegramBot({ flows: [probeFlow], webhook: true });

/** Update ids far from the fake's own, as Telegram would send them. */
let nextUpdateId = 900_000;
let nextUserId = 8_100_000;

function commandUpdate(userId: number, text: string, updateId = ++nextUpdateId) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      text,
      entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length }],
      chat: { id: userId, type: 'private', first_name: 'Test' },
      from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'fr' },
    },
  };
}

const post = (update: unknown, secret?: string) =>
  fetch(h.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
    },
    body: JSON.stringify(update),
  });

const repliesTo = (userId: number) =>
  h.fake.callsOf('sendMessage').filter((call) => call.body.chat_id === String(userId));

describe('the Telegram bot, by webhook', () => {
  it('asks Telegram to call its secret path on the public address, with the secret token', () => {
    const [set] = h.fake.callsOf('setWebhook');
    expect(set?.body).toMatchObject({
      url: `https://bot.example.org${webhookPath(h.fake.token)}`,
      secret_token: WEBHOOK_SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(webhookPath(h.fake.token)).toMatch(/^\/telegram\/[0-9a-f]{32}$/);
    expect(h.fake.callsOf('getUpdates')).toEqual([]);
  });

  it('answers the health check', async () => {
    const response = await fetch(new URL('/healthz', h.webhookUrl));
    expect(response.status).toBe(200);
    expect((await fetch(new URL('/telegram/guess', h.webhookUrl), { method: 'POST' })).status).toBe(404);
  });

  it('refuses an update without the secret, or with a forged one, and handles nothing', async () => {
    const userId = ++nextUserId;
    expect((await post(commandUpdate(userId, '/sonde'))).status).toBe(403);
    expect((await post(commandUpdate(userId, '/sonde'), 'forged-secret-0123456789')).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(repliesTo(userId)).toEqual([]);
    expect(seenBy(userId)).toEqual([]);
    const identities = await h.t.db.prisma.platformIdentity.count({ where: { externalId: String(userId) } });
    expect(identities).toBe(0);
  });

  it('handles an update carrying the secret, and answers 200 once it is handled', async () => {
    const userId = ++nextUserId;
    const response = await post(commandUpdate(userId, '/sonde webhook'), WEBHOOK_SECRET);
    expect(response.status).toBe(200);
    // Replies are ordinary API calls, not folded into the webhook's answer.
    expect(repliesTo(userId).map((call) => call.body.text)).toEqual(['Sonde prête (webhook)']);
  });

  it('handles an update Telegram sends twice only once', async () => {
    const userId = ++nextUserId;
    const update = commandUpdate(userId, '/sonde');
    const responses = await Promise.all([post(update, WEBHOOK_SECRET), post(update, WEBHOOK_SECRET)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect((await post(update, WEBHOOK_SECRET)).status).toBe(200);
    expect(repliesTo(userId)).toHaveLength(1);
    expect(seenBy(userId)).toHaveLength(1);
  });

  it('answers a button press through the API and routes its choice', async () => {
    const userId = ++nextUserId;
    await post(commandUpdate(userId, '/sonde'), WEBHOOK_SECRET);
    const response = await post(
      {
        update_id: ++nextUpdateId,
        callback_query: {
          id: 'cbq-webhook-1',
          chat_instance: 'ci',
          data: 'probe:pick:a',
          from: { id: userId, is_bot: false, first_name: 'Test' },
          message: { message_id: 5, date: 0, chat: { id: userId, type: 'private' }, text: 'Sonde prête' },
        },
      },
      WEBHOOK_SECRET,
    );
    expect(response.status).toBe(200);
    const answer = h.fake
      .callsOf('answerCallbackQuery')
      .find((call) => call.body.callback_query_id === 'cbq-webhook-1');
    expect(answer).toBeDefined();
    expect(repliesTo(userId).map((call) => call.body.text)).toEqual(['Sonde prête', 'Choisi : pick a']);
  });
});
