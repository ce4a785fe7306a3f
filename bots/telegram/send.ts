import { type Telegram, TelegramError } from 'telegraf';
import type { Reply } from '../conversation/types.ts';
import { renderReplies, type TelegramMessage } from './render.ts';

/** How long a reply may wait for Telegram's "retry after", at most: longer, and the person has left. */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * Sends replies to a private chat, one message after another: Telegram shows them in arrival order.
 * With `retries`, a message Telegram refuses for a while (429 "retry after", or a 5xx of its own) is
 * sent again after the delay it asks for (or 1 s, 2 s… for a 5xx): the person's action is already
 * recorded, and an answer lost here would leave them with nothing.
 */
export async function sendReplies(
  telegram: Telegram,
  chatId: string | number,
  replies: readonly Reply[],
  options: { retries?: number; sleep?: (ms: number) => Promise<void> } = {},
) {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (const message of renderReplies(replies)) {
    for (let attempt = 0; ; attempt++) {
      try {
        await sendOne(telegram, chatId, message);
        break;
      } catch (error) {
        const wait = retryDelayMs(error, attempt);
        if (attempt >= (options.retries ?? 0) || wait === undefined) throw error;
        await sleep(wait);
      }
    }
  }
}

async function sendOne(telegram: Telegram, chatId: string | number, message: TelegramMessage) {
  if (message.document) {
    // Uploaded from memory (multipart), under our name: Telegram would otherwise call it `document.dat`.
    const { name, bytes } = message.document;
    await telegram.sendDocument(
      chatId,
      { source: Buffer.from(bytes), filename: name },
      { caption: message.text || undefined, reply_markup: message.keyboard },
    );
    return;
  }
  await telegram.sendMessage(chatId, message.text, {
    reply_markup: message.keyboard,
    // Plain text: no parse_mode, so nothing a person wrote can turn into markup.
    link_preview_options: { is_disabled: true },
  });
}

/** Worth trying again, and when: Telegram's own delay for a 429, a growing one for a 5xx; else never. */
function retryDelayMs(error: unknown, attempt: number): number | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  if (error.code === 429) {
    const seconds = error.parameters?.retry_after ?? 1;
    return seconds <= MAX_RETRY_AFTER_SECONDS ? seconds * 1000 : undefined;
  }
  return error.code >= 500 ? 1000 * 2 ** attempt : undefined;
}

export function sendText(telegram: Telegram, chatId: string | number, text: string) {
  return sendReplies(telegram, chatId, [{ text }]);
}

/** The person cannot be written to any more (blocked the bot, account deleted): no answer will get through. */
export function chatGone(error: unknown): boolean {
  return (
    error instanceof TelegramError &&
    (error.code === 403 || (error.code === 400 && /chat not found/i.test(error.description)))
  );
}

/** Telegram refused the message itself (a 4xx but "too many requests"): sending it again cannot help. */
export function refusedForGood(error: unknown): boolean {
  return error instanceof TelegramError && error.code >= 400 && error.code < 500 && error.code !== 429;
}
