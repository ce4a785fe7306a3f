import type { Telegram } from 'telegraf';
import type { Reply } from '../conversation/types.ts';
import { renderReplies } from './render.ts';

/** Sends replies to a private chat, one message after another: Telegram shows them in arrival order. */
export async function sendReplies(telegram: Telegram, chatId: string | number, replies: readonly Reply[]) {
  for (const message of renderReplies(replies)) {
    if (message.document) {
      // Uploaded from memory (multipart), under our name: Telegram would otherwise call it `document.dat`.
      const { name, bytes } = message.document;
      await telegram.sendDocument(
        chatId,
        { source: Buffer.from(bytes), filename: name },
        { caption: message.text || undefined, reply_markup: message.keyboard },
      );
      continue;
    }
    await telegram.sendMessage(chatId, message.text, {
      reply_markup: message.keyboard,
      // Plain text: no parse_mode, so nothing a person wrote can turn into markup.
      link_preview_options: { is_disabled: true },
    });
  }
}

export function sendText(telegram: Telegram, chatId: string | number, text: string) {
  return sendReplies(telegram, chatId, [{ text }]);
}
