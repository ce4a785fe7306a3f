import type { Message, PhotoSize } from 'telegraf/types';

/**
 * `/name args`, `/name@botname args`. Telegram marks commands with a `bot_command` entity, but the text
 * decides here: it is what the person typed, and it makes replayed or hand-written updates behave alike.
 */
const commandPattern = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * The command in a text, or undefined for free text. A command addressed to another bot
 * (`/start@OtherBot`) is not ours: it is treated as not a command at all, and ignored by the caller.
 */
export function parseCommand(
  text: string,
  botUsername: string | undefined,
): ParsedCommand | 'not-ours' | undefined {
  const match = commandPattern.exec(text.trim());
  if (!match) return undefined;
  const [, name = '', addressee, args = ''] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return 'not-ours';
  return { name: name.toLowerCase(), args: args.trim() };
}

/** A file the person sent: what we know of it before downloading anything. */
export interface SentFile {
  fileId: string;
  /** Announced by Telegram; may be missing, then `getFile` tells. */
  size?: number;
  declaredMimeType?: string;
  fileName?: string;
}

/**
 * The photo or document of a message. Telegram sends a photo in several sizes: the largest is the
 * readable one (a receipt shrunk to a thumbnail proves nothing).
 */
export function sentFileOf(message: Message): SentFile | undefined {
  if ('document' in message && message.document) {
    const { file_id, file_size, mime_type, file_name } = message.document;
    return { fileId: file_id, size: file_size, declaredMimeType: mime_type, fileName: file_name };
  }
  if ('photo' in message && message.photo?.length) {
    const largest = message.photo.reduce((best, size) => (area(size) > area(best) ? size : best));
    // Telegram re-encodes every photo it receives as JPEG.
    return { fileId: largest.file_id, size: largest.file_size, declaredMimeType: 'image/jpeg' };
  }
  return undefined;
}

function area(size: PhotoSize): number {
  return size.width * size.height || (size.file_size ?? 0);
}
