import type { HeldUpdate } from '../../core/conversations/inbound-updates.ts';
import type { Platform } from '../../core/db/generated/enums.ts';

/**
 * The platform-neutral conversation: every platform adapter turns its updates into an `Incoming` and
 * renders the `Reply` list it gets back. Flows are written once, here; adapters only translate.
 */
export interface Incoming {
  platform: Platform;
  /** The person's account id on that platform (Telegram user id, Discord user id, "terminal"). */
  userId: string;
  /** Where replies and personal notifications go (a private chat / DM channel). */
  chatId: string;
  /** The platform's idea of the person's language, e.g. `fr`, `en-US`. */
  languageCode?: string;
  event: IncomingEvent;
  /**
   * How this platform lets a person pick a choice, so the texts word it its own way: buttons to press
   * (Telegram, Discord: the default), or numbered lines answered by typing (the terminal chat).
   */
  choosing?: ChoiceStyle;
  /**
   * The platform update this event came in, recorded by the adapter (`recordInboundUpdate`): its
   * effects and the next state are then saved with it, and handling it again after a crash acts once.
   */
  update?: HeldUpdate;
}

export type ChoiceStyle = 'buttons' | 'typed';

export type IncomingEvent =
  /** A command without its slash, lower-case (`start`, `mesdossiers`), and what followed it. */
  | { type: 'command'; name: string; args: string }
  | { type: 'text'; text: string }
  /** A button pressed: the short id the flow gave it (never the label). */
  | { type: 'choice'; id: string }
  /** A file the adapter has already downloaded (within the size limit) from the platform. */
  | { type: 'file'; file: IncomingFile };

export interface IncomingFile {
  bytes: Uint8Array;
  declaredMimeType?: string;
  fileName?: string;
}

/** What a flow answers: text from locales/, and optionally buttons or a request for input. */
export interface Reply {
  /** Plain text (no markup): each adapter escapes it for its own format and splits it if too long. */
  text: string;
  /** Rows of buttons. Labels are words (screen readers read them); ids are short ASCII, ≤ 64 bytes. */
  choices?: Choice[][];
  /** What the flow waits for next, so a terminal can prompt and a platform can show the right input. */
  expects?: 'text' | 'file' | 'choice';
  /** A file handed to the person with the text (a published list): a document, an attachment, a saved file. */
  file?: OutgoingFile;
}

/** What a recorded update is answered with, kept until the platform took it (see `Incoming.update`). */
export interface TurnAnswer {
  chatId: string;
  replies: Reply[];
}

export interface OutgoingFile {
  /** A safe name for any disk and app: ASCII letters, digits, hyphens, one dot before the extension. */
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface Choice {
  id: string;
  label: string;
}

/** Button ids must fit Telegram's 64-byte `callback_data` and Discord's 100-character `custom_id`. */
export const MAX_CHOICE_ID_BYTES = 64;
