import { type Context, Telegraf, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Config } from '../../core/config/config.ts';
import type { Logger } from '../../core/config/logger.ts';
import {
  batchedAnsweredMarks,
  extendLease,
  unfinishedInboundUpdates,
} from '../../core/conversations/inbound-updates.ts';
import { LeaseLost } from '../../core/conversations/turn-journal.ts';
import type { Core } from '../../core/core.ts';
import { countUpdate } from '../../core/observability/metrics.ts';
import { startTicker, type Ticker } from '../../core/scheduler/ticker.ts';
import type { Conversation } from '../conversation/engine.ts';
import type { TurnAnswer } from '../conversation/types.ts';
import type { ReadinessCheck } from '../http/readiness.ts';
import type { HttpRoute } from '../http/server.ts';
import { registerCommandMenu } from './command-menu.ts';
import { handleCallbackQuery, handleMessage, type InboundState } from './inbound.ts';
import { UpdateNotRecorded, unavailableTeller, updateRecorder } from './record-update.ts';
import { refusedForGood, sendReplies } from './send.ts';
import { readUpdate } from './update-shape.ts';
import { telegramWebhookRoute, webhookUrl } from './webhook.ts';

export interface TelegramBotOptions {
  conversation: Conversation;
  core: Core;
  config: Config;
  logger: Logger;
  /** This process among the instances sharing the database: it leases the updates it handles. */
  instanceId: string;
  /** Long polling ended on an error it cannot get over (token revoked, another instance polling). */
  onFatal?: (error: unknown) => void;
}

export interface TelegramBot {
  mode: 'polling' | 'webhook';
  /** The Bot API client, for the outbox's delivery channel. */
  telegram: Telegram;
  /** In webhook mode, the route to serve on the HTTP server (start that server before `start()`). */
  webhookRoute?: HttpRoute;
  /** One update through the same chain as polling and the webhook (dedupe included), without either. */
  handleUpdate(update: Update): Promise<void>;
  /** For `/readyz`: started (getMe answered) and polling, or the webhook set, until `stop()`. */
  readiness: ReadinessCheck;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every update, by polling or by webhook, is checked for the shape we read before anything handles it
 * (update-shape.ts): one of another shape is logged and dropped, and answered like any other, so Telegram
 * does not send it again and again.
 */
class CheckedTelegraf extends Telegraf {
  constructor(
    token: string,
    options: ConstructorParameters<typeof Telegraf>[1],
    private readonly onMalformed: (raw: unknown) => void,
  ) {
    super(token, options);
  }

  override async handleUpdate(raw: Update, webhookResponse?: Parameters<Telegraf['handleUpdate']>[1]) {
    const update = readUpdate(raw);
    if (!update) return this.onMalformed(raw);
    return super.handleUpdate(update, webhookResponse);
  }
}

/** How often unfinished updates (left by a process that died) are looked for. */
const RECOVERY_INTERVAL_MS = 5000;

/** Only these reach us: messages in private chats and button presses. */
const allowedUpdates = ['message', 'callback_query'] as const;

/**
 * The Telegram side of the consumer chat. Each update goes: dedupe (an `update_id` already handled is
 * ignored) → private chats only → translated into a neutral event → the conversation → replies rendered
 * as plain text and inline keyboards.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { config, core } = options;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('createTelegramBot needs TELEGRAM_BOT_TOKEN');
  const logger = options.logger.child({ platform: 'telegram' });
  const bot = new CheckedTelegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } }, (raw) =>
    logger.warn({ updateId: (raw as { update_id?: unknown } | null)?.update_id }, 'malformed update ignored'),
  );
  // Replies go as ordinary API calls, not inside the webhook's HTTP answer: that answer tells us
  // nothing, so a refused reply would be lost without a trace.
  bot.telegram.webhookReply = false;

  const webhook = config.TELEGRAM_WEBHOOK_URL
    ? { url: webhookUrl(config.TELEGRAM_WEBHOOK_URL, token), secret: config.TELEGRAM_WEBHOOK_SECRET ?? '' }
    : undefined;
  let stopping = false;
  let connected = false;
  const tellUnavailable = unavailableTeller();
  const answered = batchedAnsweredMarks(core.deps, 'TELEGRAM', { stopping: () => stopping });
  const record = updateRecorder({
    core,
    logger,
    mode: webhook ? 'webhook' : 'polling',
    instanceId: options.instanceId,
    leaseMs: config.INBOUND_LEASE_SECONDS * 1000,
    answered,
    stopping: () => stopping,
    tellUnavailable,
  });

  // telegraf's default rethrows, which ends long polling: one bad update would stop the bot for all.
  // Only an update the webhook could not record goes back up, to be answered 503 and sent again.
  bot.catch((error, ctx) => {
    if (error instanceof UpdateNotRecorded && webhook) throw error;
    logger.error({ err: error, updateId: ctx.update.update_id, updateType: ctx.updateType }, 'update failed');
  });

  // Around everything else, the record included: an update that could not be recorded failed too.
  bot.use(async (_ctx, next) => {
    await next().catch((error: unknown) => {
      countUpdate(core.deps, 'TELEGRAM', 'failed');
      throw error;
    });
    countUpdate(core.deps, 'TELEGRAM', 'handled');
  });

  // Recorded, handled (its effect and the conversation's next state saved with it), answered, then
  // marked answered: a process dying at any step leaves the update to the next (recovery below).
  bot.use(async (ctx, next) => {
    // Keyed by bot too: update ids count per bot, and a test bot may share the database.
    const updateId = `${ctx.botInfo.id}:${ctx.update.update_id}`;
    const turn = await record(ctx as Context, updateId);
    if (turn.action === 'skip') {
      logger.debug({ updateId: ctx.update.update_id }, 'update already handled');
      return;
    }
    try {
      if (turn.action === 'answer') {
        const { chatId, replies } = turn.replies as TurnAnswer;
        await sendReplies(ctx.telegram, chatId, replies, { retries: 3 });
      } else {
        (ctx.state as InboundState).update = turn.update;
        // Still at work: the lease goes on, so no other instance takes the update over meanwhile.
        const leaseMs = config.INBOUND_LEASE_SECONDS * 1000;
        const heartbeat = setInterval(
          () => void extendLease(core.deps, turn.update, leaseMs).catch(() => undefined),
          leaseMs / 3,
        );
        try {
          await next();
        } finally {
          clearInterval(heartbeat);
        }
      }
    } catch (error) {
      // Taken over by another instance (this one was too slow): that one acts and answers.
      if (error instanceof LeaseLost)
        return logger.warn({ updateId: ctx.update.update_id }, 'update taken over');
      // Left unfinished, to be handled again when its lease runs out — unless Telegram refuses the
      // answer for good (the person blocked the bot, a message it will never take): nothing to retry.
      if (!refusedForGood(error)) {
        await tellUnavailable(ctx as Context);
        throw error;
      }
      logger.warn({ err: error, updateId: ctx.update.update_id }, 'answer refused by Telegram');
    }
    // Not waited for: written with the next update's record, or alone a moment later (and when stopping).
    answered
      .mark(updateId)
      .catch((error: unknown) =>
        logger.warn({ err: error, updateId: ctx.update.update_id }, 'answer sent, not recorded as sent'),
      );
  });

  const inbound = {
    conversation: options.conversation,
    core,
    logger,
    maxEvidenceBytes: config.MAX_EVIDENCE_MB * 1024 * 1024,
  };
  bot.on('message', (ctx) => handleMessage(inbound, ctx as Context));
  bot.on('callback_query', (ctx) => handleCallbackQuery(inbound, ctx as Context));

  let polling: Promise<void> | undefined;
  // Updates a dead process left recorded but unanswered: each goes through the chain again, which
  // takes it over (one instance wins), acts once thanks to its journal, or only sends its answer.
  let recovery: Ticker | undefined;
  const recoverUnfinished = async () => {
    const unfinished = await unfinishedInboundUpdates(core.deps, 'TELEGRAM');
    for (const { body } of unfinished) {
      if (stopping) break;
      await bot.handleUpdate(body as Update).catch(() => undefined);
    }
    return { moreWaiting: false };
  };

  async function prepare() {
    bot.botInfo ??= await bot.telegram.getMe();
    // The menu is a convenience: the bot works without it, so a failure is only worth a warning.
    await registerCommandMenu(bot.telegram).catch((error: unknown) =>
      logger.warn({ err: error }, 'command menu not registered'),
    );
  }

  return {
    mode: webhook ? 'webhook' : 'polling',
    telegram: bot.telegram,
    webhookRoute: webhook ? telegramWebhookRoute(bot, token, webhook.secret) : undefined,
    handleUpdate: (update) => bot.handleUpdate(update),
    readiness: { name: 'telegram', check: () => (connected ? undefined : 'not connected') },
    async start() {
      await prepare();
      recovery = startTicker('telegram-recovery', logger, RECOVERY_INTERVAL_MS, recoverUnfinished);
      if (webhook) {
        await bot.telegram.setWebhook(webhook.url, {
          secret_token: webhook.secret,
          allowed_updates: [...allowedUpdates],
        });
        connected = true;
        logger.info({ mode: 'webhook' }, 'telegram bot started');
        return;
      }
      // Resolves only when polling stops; it rejects when Telegram refuses us for good (401, 409).
      polling = bot
        .launch({ allowedUpdates: [...allowedUpdates] })
        .catch((error: unknown) => {
          logger.fatal({ err: error }, 'telegram polling stopped');
          options.onFatal?.(error);
        })
        .finally(() => {
          connected = false;
        });
      connected = true;
      logger.info({ mode: 'polling', bot: bot.botInfo?.username }, 'telegram bot started');
    },
    async stop() {
      stopping = true;
      connected = false;
      await recovery?.stop();
      await stopPolling();
      await answered.flush();
    },
  };

  async function stopPolling() {
    const running = polling;
    if (!running) return;
    polling = undefined;
    let ended = false;
    void running.then(() => {
      ended = true;
    });
    // Right after start(), launch() may still be between its first calls and the polling loop,
    // when telegraf says "Bot is not running!": wait for the loop rather than leave it running.
    while (!ended) {
      try {
        bot.stop('shutdown');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await running;
  }
}
