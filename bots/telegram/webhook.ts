import { createHash } from 'node:crypto';
import type { Telegraf } from 'telegraf';
import type { HttpRoute } from '../http/server.ts';

/** Telegram's updates are a few kilobytes; anything much larger is not from Telegram. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/**
 * The webhook's path: derived from the token, so it is unguessable yet the same on every instance and
 * after every restart (telegraf's own default changes with the Node.js version). The secret header is
 * the real check; the path only keeps scanners away.
 */
export function webhookPath(token: string): string {
  return `/telegram/${createHash('sha256').update(`telegram-webhook:${token}`).digest('hex').slice(0, 32)}`;
}

/** The address given to Telegram: the public base address followed by the webhook's path. */
export function webhookUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${webhookPath(token)}`;
}

/**
 * `POST /telegram/<path>`: telegraf checks `X-Telegram-Bot-Api-Secret-Token` (403 and nothing handled
 * when it is missing or wrong) before reading the body, then handles the update and answers 200.
 */
export function telegramWebhookRoute(bot: Telegraf, token: string, secret: string): HttpRoute {
  const path = webhookPath(token);
  const callback = bot.webhookCallback(path, { secretToken: secret });
  return {
    method: 'POST',
    path,
    async handle(request, response) {
      if (Number(request.headers['content-length'] ?? 0) > MAX_UPDATE_BYTES) {
        response.statusCode = 413;
        response.end();
        return;
      }
      await callback(request, response);
    },
  };
}
