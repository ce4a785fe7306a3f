import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { readLimitedBody, refuseTooLarge } from '../http/body.ts';
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
 * `POST /telegram/<path>`: the secret header is checked first (403, body unread, nothing handled); the
 * body is read up to 1 MB as it arrives (413 past it, whatever `content-length` claims or omits); then
 * it must be JSON (400), handed to the bot, which checks its shape (update-shape.ts), and answered 200 —
 * or 503 when the bot could not record it, so that Telegram sends it again.
 */
export function telegramWebhookRoute(
  bot: Pick<Telegraf, 'handleUpdate'>,
  token: string,
  secret: string,
): HttpRoute {
  const expected = Buffer.from(secret, 'utf8');
  return {
    method: 'POST',
    path: webhookPath(token),
    async handle(request, response) {
      const given = Buffer.from(String(request.headers['x-telegram-bot-api-secret-token'] ?? ''), 'utf8');
      if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return answer(response, 403);
      }
      const body = await readLimitedBody(request, MAX_UPDATE_BYTES);
      if (body === 'tooLarge') return refuseTooLarge(request, response);
      let update: Update;
      try {
        update = JSON.parse(body.toString('utf8'));
      } catch {
        return answer(response, 400);
      }
      try {
        await bot.handleUpdate(update);
      } catch {
        // Not recorded (the database is away): Telegram sends it again later, nothing is lost.
        return answer(response, 503);
      }
      answer(response, 200);
    },
  };
}

function answer(response: ServerResponse, status: number): void {
  response.statusCode = status;
  response.end();
}
