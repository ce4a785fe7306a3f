import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type AttachmentPayload,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { type Locale, t } from '../../core/i18n/index.ts';
import { splitText } from '../conversation/split-text.ts';
import type { Choice, Reply } from '../conversation/types.ts';
import { shownCommandNames } from './slash-commands.ts';

/** Discord refuses a message longer than this. */
export const MAX_CONTENT_LENGTH = 2000;
/** Discord refuses a whole message if one button's `custom_id` is longer than this (in characters). */
export const MAX_CUSTOM_ID_LENGTH = 100;
/** Longer button labels are refused; ours are cut with an ellipsis instead. */
export const MAX_BUTTON_LABEL_LENGTH = 80;
/** A message carries at most 5 rows of at most 5 buttons. */
export const MAX_ROWS = 5;
export const MAX_BUTTONS_PER_ROW = 5;
/**
 * The adapter's own button under a question that waits for free text: it opens a form (modal), the
 * only way a slash-command bot receives text. It starts with `discord:`, which is no flow's name.
 */
export const ANSWER_BUTTON_ID = 'discord:answer';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** The body of one Discord message: plain text, maybe rows of buttons, maybe a file attached. */
export interface DiscordMessage {
  content: string;
  components: ButtonRow[];
  /** Uploaded with the message (multipart), under this name. */
  files?: AttachmentPayload[];
}

/** The adapter's own words, in the person's language. */
export interface RenderWords {
  answer: string;
  moreChoices: string;
  evidenceHint: string;
  /** The commands the texts name, as this client shows them (`shownCommandNames`). */
  commands: ReadonlyMap<string, string>;
}

export function renderWords(locale: Locale): RenderWords {
  return {
    answer: t(locale, 'discord:answerButton'),
    moreChoices: t(locale, 'discord:moreChoices'),
    evidenceHint: t(locale, 'discord:evidenceHint'),
    commands: shownCommandNames(locale),
  };
}

/** `/mesdossiers` in a text becomes the name this client shows; addresses and unknown words are left. */
export function nameCommands(text: string, commands: ReadonlyMap<string, string>): string {
  return text.replace(/(^|[^\w/:.-])\/([a-z]+)(?![\w-])/g, (whole, before: string, name: string) => {
    const shown = commands.get(name);
    return shown ? `${before}/${shown}` : whole;
  });
}

/**
 * The messages that show these replies, in order. A long text becomes several messages with the buttons
 * under the last; more than 5 rows of buttons continue in a further message.
 */
export function renderReplies(replies: readonly Reply[], words: RenderWords): DiscordMessage[] {
  return replies.flatMap((reply) => {
    const said = nameCommands(reply.text, words.commands);
    const text = reply.expects === 'file' ? `${said}\n\n${words.evidenceHint}` : said;
    const rows: Choice[][] = [...(reply.choices ?? [])];
    if (reply.expects === 'text') rows.push([{ id: ANSWER_BUTTON_ID, label: words.answer }]);
    const groups = chunk(buttonRows(rows), MAX_ROWS);
    const parts = splitText(text, MAX_CONTENT_LENGTH);
    if (parts.length === 0 && groups.length === 0 && !reply.file) return [];
    const empty = reply.file ? '' : words.moreChoices;
    const messages: DiscordMessage[] = (parts.length > 0 ? parts : [empty]).map((content) => ({
      content,
      components: [],
    }));
    const [first = [], ...more] = groups;
    const last = messages.at(-1) as DiscordMessage;
    last.components = first;
    if (reply.file) last.files = [{ attachment: Buffer.from(reply.file.bytes), name: reply.file.name }];
    for (const group of more) messages.push({ content: words.moreChoices, components: group });
    return messages;
  });
}

/**
 * Buttons whose `custom_id` is the choice id, never its label. A too-long or repeated id is our bug:
 * Discord would refuse the whole message, so it fails here, loudly, where a test sees it.
 */
export function buttonRows(rows: readonly (readonly Choice[])[]): ButtonRow[] {
  const seen = new Set<string>();
  return rows
    .filter((row) => row.length > 0)
    .flatMap((row) => chunk(row, MAX_BUTTONS_PER_ROW))
    .map((row) => ({
      type: ComponentType.ActionRow,
      components: row.map((choice) => {
        if (choice.id.length === 0 || choice.id.length > MAX_CUSTOM_ID_LENGTH) {
          throw new Error(
            `custom_id must be 1 to ${MAX_CUSTOM_ID_LENGTH} characters, got ${choice.id.length}`,
          );
        }
        if (seen.has(choice.id)) throw new Error(`custom_id repeated in one message: ${choice.id}`);
        seen.add(choice.id);
        return {
          type: ComponentType.Button,
          style: choice.id === ANSWER_BUTTON_ID ? ButtonStyle.Primary : ButtonStyle.Secondary,
          custom_id: choice.id,
          label: shorten(choice.label, MAX_BUTTON_LABEL_LENGTH),
        };
      }),
    }));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}
