import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { renderNotification } from '../../core/i18n/index.ts';
import type { OutboundMessage } from '../../core/outbox/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { addPerson, outboxRow, queueMessages, testDispatch } from '../outbox/support.ts';
import { useTelegramBot } from './harness.ts';

const h = useTelegramBot({ flows: [] });
let nextChatId = 9_200_000;

function notification(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    outboxId: randomUUID(),
    kind: 'voteOpened',
    audience: 'person',
    chatId: String(++nextChatId),
    locale: 'fr',
    payload: {
      textKey: 'votes:notify.voteOpened',
      params: {
        title: { fr: 'Frais cachés', en: 'Hidden fees' },
        round: 1,
        terms: { fr: '30 € chacun', en: '€30 each' },
        base: 'ELECTORATE',
        thresholdPercent: 75,
        closesAt: { date: '2026-04-01T16:00:00Z' },
      },
      refs: { voteId: '3f0b7a52-5d2c-4a7e-9a55-0c1c7e0f2b11' },
    },
    attempt: 1,
    ...overrides,
  };
}

const channel = () => telegramDeliveryChannel(h.bot.telegram);
const sentTo = (chatId: string) =>
  h.fake.callsOf('sendMessage').filter((call) => call.body.chat_id === chatId);

describe('notifications sent to Telegram', () => {
  it('arrive as plain text in the person’s language, with the buttons to answer them', async () => {
    const message = notification({ locale: 'en' });
    expect(await channel().deliver(message)).toEqual({ status: 'sent' });
    const [sent] = sentTo(message.chatId);
    expect(sent?.body.text).toBe(renderNotification('en', message.payload));
    expect(sent?.body.text).toContain('Hidden fees');
    expect(sent?.body.parse_mode).toBeUndefined();
    const ids = sent?.body.reply_markup.inline_keyboard
      .flat()
      .map((button: { callback_data: string }) => button.callback_data);
    expect(ids).toEqual([
      'vote:cast:3f0b7a52-5d2c-4a7e-9a55-0c1c7e0f2b11:A',
      'vote:cast:3f0b7a52-5d2c-4a7e-9a55-0c1c7e0f2b11:R',
      'vote:cast:3f0b7a52-5d2c-4a7e-9a55-0c1c7e0f2b11:X',
    ]);
  });

  it('are retried after the delay Telegram asks for when it says "too many requests"', async () => {
    const message = notification();
    h.fake.refuse('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect(await channel().deliver(message)).toEqual({
      status: 'retry',
      afterSeconds: 7,
      reason: 'telegram:429',
    });
  });

  it('mark the person unreachable on Telegram when they blocked the bot or never started it', async () => {
    h.fake.refuse('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await channel().deliver(notification())).toEqual({
      status: 'unreachable',
      reason: 'telegram:403',
    });
    h.fake.refuse('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect(await channel().deliver(notification())).toMatchObject({ status: 'unreachable' });
  });

  it('leave other failures to the dispatcher’s backoff', async () => {
    h.fake.refuse('sendMessage', { error_code: 400, description: 'Bad Request: something else' });
    await expect(channel().deliver(notification())).rejects.toThrow(/400/);
  });

  it('go through the outbox: a blocked bot marks the identity unreachable, the next person still gets theirs', async () => {
    const blocked = String(++nextChatId);
    const fine = String(++nextChatId);
    const a = await addPerson(h.t.db, [{ platform: 'TELEGRAM', chatId: blocked }]);
    const b = await addPerson(h.t.db, [{ platform: 'TELEGRAM', chatId: fine }]);
    const [first, second] = await queueMessages(h.t.db, h.t.clock, [a.personId, b.personId]);
    h.fake.refuse(
      'sendMessage',
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { when: (body) => body.chat_id === blocked },
    );
    const report = await dispatchOnce(h.t.core.deps, { people: [channel()] }, testDispatch(h.t.clock));
    expect(report).toMatchObject({ sent: 1, unreachable: 1 });
    expect(await outboxRow(h.t.db, first as string)).toMatchObject({ lastError: 'telegram:403' });
    expect(await outboxRow(h.t.db, second as string)).toMatchObject({ status: 'SENT' });
    const identity = await h.t.db.prisma.platformIdentity.findFirstOrThrow({
      where: { personId: a.personId },
    });
    expect(identity.unreachableAt).not.toBeNull();
    expect(sentTo(fine)).toHaveLength(1);
  });
});
