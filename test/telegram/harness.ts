import { afterAll, beforeAll, expect } from 'vitest';
import { type Conversation, createConversation } from '../../bots/conversation/engine.ts';
import type { Flow } from '../../bots/conversation/flow.ts';
import { type HttpServer, startHttpServer } from '../../bots/http/server.ts';
import { createTelegramBot, type TelegramBot } from '../../bots/telegram/bot.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type TestCore, useTestCore } from '../support/core.ts';
import { type FakePerson, type FakeTelegram, startFakeTelegram, waitFor } from '../support/fake-telegram.ts';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

export interface TelegramHarness {
  t: TestCore;
  fake: FakeTelegram;
  bot: TelegramBot;
  conversation: Conversation;
  /** Webhook mode only: where Telegram would POST updates. */
  webhookUrl: string;
  /** Fatal errors (polling stopped). */
  errors: unknown[];
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /**
   * Polling mode only: stops the bot, then starts a new conversation and a new bot over the same
   * database and fake, as a restarted process would. `bot` and `conversation` are the new ones after.
   */
  restart(): Promise<void>;
}

/**
 * A test file's Telegram bot: real telegraf over a fresh database, talking to the local fake. With
 * `webhook`, the bot runs in webhook mode behind the program's HTTP server on a free port.
 */
export function useTelegramBot(options: {
  flows: readonly Flow[];
  webhook?: boolean;
  /** Wraps the conversation, e.g. to make it fail on purpose. */
  wrap?: (conversation: Conversation) => Conversation;
  env?: Record<string, string>;
  /** A test core shared with other platforms' harnesses (one database for the whole product). */
  core?: TestCore;
}): TelegramHarness {
  const t = options.core ?? useTestCore();
  const h = { t, errors: [] as unknown[], logs: [] as Record<string, unknown>[] } as TelegramHarness;
  let http: HttpServer | undefined;
  beforeAll(async () => {
    h.fake = await startFakeTelegram();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: h.fake.token,
      TELEGRAM_API_ROOT: h.fake.apiRoot,
      ...(options.webhook
        ? { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }
        : {}),
      ...options.env,
    });
    let launches = 0;
    const launch = () => {
      const conversation = createConversation(t.core, options.flows);
      h.conversation = options.wrap ? options.wrap(conversation) : conversation;
      h.bot = createTelegramBot({
        conversation: h.conversation,
        core: t.core,
        config,
        logger: createLogger('debug', { write: (line: string) => void h.logs.push(JSON.parse(line)) }),
        instanceId: `test-${++launches}`,
        onFatal: (error) => h.errors.push(error),
      });
    };
    launch();
    h.restart = async () => {
      if (h.bot.mode !== 'polling') throw new Error('restart() is for a polling bot');
      await h.bot.stop();
      launch();
      await h.bot.start();
    };
    if (h.bot.webhookRoute) {
      http = await startHttpServer({
        port: 0,
        host: '127.0.0.1',
        routes: [h.bot.webhookRoute],
        logger: t.core.deps.logger,
      });
      h.webhookUrl = `http://127.0.0.1:${http.port}${h.bot.webhookRoute.path}`;
    }
    await h.bot.start();
  });
  afterAll(async () => {
    await h.bot?.stop();
    await http?.stop();
    await h.fake?.stop();
  });
  return h;
}

/** What the bot sent in answer to `action`: every message until it stays quiet for a moment. */
export async function exchange(person: FakePerson, action: () => Promise<unknown>): Promise<string> {
  const before = person.texts().length;
  await action();
  await waitFor(() => person.texts().length > before);
  await quiet(person);
  return person.texts().slice(before).join('\n---\n');
}

/** Waits until the bot has sent nothing more to this person for a moment. */
export async function quiet(person: FakePerson, ms = 150): Promise<void> {
  let seen = -1;
  while (seen !== person.texts().length) {
    seen = person.texts().length;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** Presses the button with these words on the latest message that has it, as a person would. */
export function press(person: FakePerson, label: string | RegExp): Promise<string> {
  const buttons = person
    .received()
    .flatMap(
      (body) =>
        (body.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[],
    );
  const button = buttons.findLast((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
  expect(button, `no button « ${String(label)} »`).toBeDefined();
  return exchange(person, () => person.press(button?.callback_data ?? ''));
}

export const say = (person: FakePerson, words: string) => exchange(person, () => person.sendText(words));
export const command = (person: FakePerson, words: string) =>
  exchange(person, () => person.sendCommand(words));
