import type { InlineKeyboardMarkup } from 'telegraf/types';
import { splitText as splitSharedText } from '../conversation/split-text.ts';
import type { Choice, Reply } from '../conversation/types.ts';

/** Telegram refuses a whole message longer than this (counted in UTF-16 units, as JavaScript does). */
export const MAX_MESSAGE_LENGTH = 4096;
/** Telegram refuses a whole keyboard if one button's `callback_data` is longer than this, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** One `sendMessage` call: plain text (no parse_mode, so nothing to escape) and maybe an inline keyboard. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

/** The messages that show these replies, in order. A long reply becomes several messages, its buttons under the last. */
export function renderReplies(replies: readonly Reply[]): TelegramMessage[] {
  return replies.flatMap((reply) => {
    const parts = splitText(reply.text);
    const keyboard = reply.choices?.length ? inlineKeyboard(reply.choices) : undefined;
    if (parts.length === 0) return [];
    const last = parts.length - 1;
    return parts.map((text, index) => (index === last && keyboard ? { text, keyboard } : { text }));
  });
}

/**
 * Buttons whose data is the choice id, never its label. A too-long id is our bug: it would make Telegram
 * refuse the whole message, so it fails here, loudly, where a test sees it.
 */
export function inlineKeyboard(rows: readonly (readonly Choice[])[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: rows
      .filter((row) => row.length > 0)
      .map((row) =>
        row.map((choice) => {
          const bytes = Buffer.byteLength(choice.id, 'utf8');
          if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) {
            throw new Error(`callback_data must be 1 to ${MAX_CALLBACK_DATA_BYTES} bytes, got ${bytes}`);
          }
          return { text: choice.label, callback_data: choice.id };
        }),
      ),
  };
}

/** Cuts a text into pieces Telegram accepts (see the shared `splitText`). */
export function splitText(text: string, limit = MAX_MESSAGE_LENGTH): string[] {
  return splitSharedText(text, limit);
}
