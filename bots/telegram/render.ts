import type { InlineKeyboardMarkup } from 'telegraf/types';
import { splitText as splitSharedText } from '../conversation/split-text.ts';
import type { Choice, OutgoingFile, Reply } from '../conversation/types.ts';

/** Telegram refuses a whole message longer than this (counted in UTF-16 units, as JavaScript does). */
export const MAX_MESSAGE_LENGTH = 4096;
/** A document's caption is shorter than a message: a longer text goes before it, as messages. */
export const MAX_CAPTION_LENGTH = 1024;
/** Telegram refuses a whole keyboard if one button's `callback_data` is longer than this, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

/**
 * One `sendMessage` call: plain text (no parse_mode, so nothing to escape) and maybe an inline keyboard;
 * or, with a `document`, one `sendDocument` call whose caption is the text (possibly empty).
 */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  document?: OutgoingFile;
}

/**
 * The messages that show these replies, in order. A long reply becomes several messages, its buttons
 * under the last; a reply's file comes last, captioned with the end of the text when it fits.
 */
export function renderReplies(replies: readonly Reply[]): TelegramMessage[] {
  return replies.flatMap((reply) => {
    const parts = splitText(reply.text);
    const keyboard = reply.choices?.length ? inlineKeyboard(reply.choices) : undefined;
    if (reply.file) {
      const caption = parts.length > 0 && (parts.at(-1) ?? '').length <= MAX_CAPTION_LENGTH;
      const before = caption ? parts.slice(0, -1) : parts;
      const last = { text: caption ? (parts.at(-1) ?? '') : '', document: reply.file };
      return [...before.map((text) => ({ text })), keyboard ? { ...last, keyboard } : last];
    }
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
