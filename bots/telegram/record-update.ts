import type { Context } from 'telegraf';
import type { Logger } from '../../core/config/logger.ts';
import {
  type AnsweredMarks,
  type InboundTurn,
  recordInboundUpdate,
} from '../../core/conversations/inbound-updates.ts';
import type { Core } from '../../core/core.ts';
import { negotiateLocale, t } from '../../core/i18n/index.ts';

/** The update could not be recorded (the database is away): it must come again, not be skipped. */
export class UpdateNotRecorded extends Error {
  constructor(cause: unknown) {
    super('update not recorded', { cause });
  }
}

/** A person is told the service is away at most this often, however many times Telegram retries. */
const TELL_AGAIN_AFTER_MS = 60_000;
const WAIT_FIRST_MS = 1000;
const WAIT_AT_MOST_MS = 30_000;

/**
 * Records an update before anything acts on it, and says what to do with it (`InboundTurn`). When the
 * database cannot record it, nothing is lost: by webhook it throws `UpdateNotRecorded`, answered 503
 * so Telegram sends it again; by polling it waits and tries again, so the polling loop never moves past
 * an update it has not recorded. Either way the person is told, once a minute at most, that the service
 * is momentarily away — the Bot API needs no database.
 */
export function updateRecorder(options: {
  core: Core;
  logger: Logger;
  mode: 'polling' | 'webhook';
  instanceId: string;
  leaseMs: number;
  /** The answers sent meanwhile are marked with the record. */
  answered: AnsweredMarks;
  stopping: () => boolean;
  tellUnavailable: (ctx: Context) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}) {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));

  return async function record(ctx: Context, updateId: string): Promise<InboundTurn> {
    for (let wait = WAIT_FIRST_MS; ; wait = Math.min(2 * wait, WAIT_AT_MOST_MS)) {
      try {
        return await options.answered.carry((answered) =>
          recordInboundUpdate(options.core.deps, {
            platform: 'TELEGRAM',
            updateId,
            body: ctx.update,
            instanceId: options.instanceId,
            leaseMs: options.leaseMs,
            conversationOf: ctx.from && String(ctx.from.id),
            answered,
          }),
        );
      } catch (error) {
        options.logger.warn({ err: error, updateId: ctx.update.update_id }, 'update not recorded');
        await options.tellUnavailable(ctx);
        if (options.mode === 'webhook' || options.stopping()) throw new UpdateNotRecorded(error);
        await sleep(wait);
      }
    }
  };
}

/**
 * Tells the update's chat that the service is momentarily away and its message not lost (true: it is
 * recorded, or Telegram will send it again) — at most once a minute per chat; never fails.
 */
export function unavailableTeller() {
  const told = new Map<string, number>();
  return async (ctx: Context): Promise<void> => {
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (chatId === undefined) return;
    const now = Date.now();
    if (now - (told.get(String(chatId)) ?? 0) < TELL_AGAIN_AFTER_MS) return;
    told.set(String(chatId), now);
    if (told.size > 10_000) told.clear();
    const locale = negotiateLocale({ platformLanguage: ctx.from?.language_code });
    await ctx.telegram.sendMessage(chatId, t(locale, 'errors:unavailable')).catch(() => undefined);
  };
}
