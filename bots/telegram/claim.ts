import type { Context } from 'telegraf';
import type { Logger } from '../../core/config/logger.ts';
import { claimInboundUpdate } from '../../core/conversations/store.ts';
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
 * Records an update as handled before anything acts on it; false when it already was. When the
 * database cannot record it, nothing is lost: by webhook it throws `UpdateNotRecorded`, answered 503
 * so Telegram sends it again; by polling it waits and tries again, so the polling loop never moves past
 * an update it has not recorded. Either way the person is told, once a minute at most, that the service
 * is momentarily away — the Bot API needs no database.
 */
export function updateClaimer(options: {
  core: Core;
  logger: Logger;
  mode: 'polling' | 'webhook';
  stopping: () => boolean;
  sleep?: (ms: number) => Promise<void>;
}) {
  const told = new Map<string, number>();
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));

  async function tellUnavailable(ctx: Context): Promise<void> {
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (chatId === undefined) return;
    const now = Date.now();
    if (now - (told.get(String(chatId)) ?? 0) < TELL_AGAIN_AFTER_MS) return;
    told.set(String(chatId), now);
    const locale = negotiateLocale({ platformLanguage: ctx.from?.language_code });
    await ctx.telegram.sendMessage(chatId, t(locale, 'errors:unavailable')).catch(() => undefined);
  }

  return async function claim(ctx: Context, updateKey: string): Promise<boolean> {
    for (let wait = WAIT_FIRST_MS; ; wait = Math.min(2 * wait, WAIT_AT_MOST_MS)) {
      try {
        return await claimInboundUpdate(options.core.deps, 'TELEGRAM', updateKey);
      } catch (error) {
        options.logger.warn({ err: error, updateId: ctx.update.update_id }, 'update not recorded');
        await tellUnavailable(ctx);
        if (options.mode === 'webhook' || options.stopping()) throw new UpdateNotRecorded(error);
        await sleep(wait);
      }
    }
  };
}
