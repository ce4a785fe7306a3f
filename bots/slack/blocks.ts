import type { types } from '@slack/bolt';

/**
 * Block Kit within Slack's limits (docs/platforms.md): Slack refuses a whole message when one block is
 * too long, and our local fake would not notice, so every text goes through here.
 */
export const SECTION_TEXT_LIMIT = 3000;
export const MESSAGE_BLOCK_LIMIT = 50;
export const BUTTON_TEXT_LIMIT = 75;
export const BUTTON_VALUE_LIMIT = 2000;
export const ACTION_ID_LIMIT = 255;
/** A response_url takes five messages; one is kept for a follow-up (the file upload's news). */
export const RESPONSE_MESSAGE_LIMIT = 4;

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** The notification and screen-reader fallback of the blocks. */
  text: string;
  blocks: Block[];
}

/** Plain text: nothing a mediator or a consumer wrote can become a mention, a link or markup. */
export const plainText = (text: string): types.PlainTextElement => ({
  type: 'plain_text',
  text,
  emoji: true,
});

/**
 * A text as sections of at most 3000 characters, cut between paragraphs, else between lines, else
 * between words, and only as a last resort inside a word.
 */
export function sectionsOf(text: string, limit = SECTION_TEXT_LIMIT): Block[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  return pieces(trimmed, limit).map((piece) => ({ type: 'section', text: plainText(piece) }));
}

function pieces(text: string, limit: number): string[] {
  // Characters, not UTF-16 units: an emoji counts once and is never cut in half.
  const characters = [...text];
  const result: string[] = [];
  let start = 0;
  while (characters.length - start > limit) {
    const window = characters.slice(start, start + limit);
    const cut = bestCut(window);
    result.push(window.slice(0, cut).join('').trimEnd());
    start += cut;
    while (start < characters.length && /\s/.test(characters[start] as string)) start++;
  }
  const rest = characters.slice(start).join('');
  if (rest) result.push(rest);
  return result;
}

/** Where to cut a window that is one character too many: its last paragraph, line or word break. */
function bestCut(window: readonly string[]): number {
  const text = window.join('');
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(separator);
    // A cut in the first half would make many tiny sections: cut inside the word instead.
    if (at > text.length / 2) return [...text.slice(0, at + separator.length)].length;
  }
  return window.length;
}

export function button(options: {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
}): types.Button {
  if (options.actionId.length > ACTION_ID_LIMIT) throw new Error('action_id longer than Slack allows');
  if (options.value.length > BUTTON_VALUE_LIMIT) throw new Error('button value longer than Slack allows');
  return {
    type: 'button',
    text: plainText(cutText(options.text, BUTTON_TEXT_LIMIT)),
    action_id: options.actionId,
    value: options.value,
    ...(options.style ? { style: options.style } : {}),
  };
}

export const actions = (elements: types.Button[]): Block => ({ type: 'actions', elements });

export const context = (text: string): Block => ({
  type: 'context',
  elements: [plainText(cutText(text, SECTION_TEXT_LIMIT))],
});

/**
 * Blocks as messages of at most 50 blocks each. Past `maxMessages`, the rest is dropped and the last
 * message ends with `truncatedNote` instead, so the reader knows there was more.
 */
export function messagesOf(
  blocks: readonly Block[],
  options: { maxMessages?: number; truncatedNote: string; blockLimit?: number },
): SlackMessage[] {
  const blockLimit = options.blockLimit ?? MESSAGE_BLOCK_LIMIT;
  const maxMessages = options.maxMessages ?? RESPONSE_MESSAGE_LIMIT;
  const groups: Block[][] = [];
  for (let start = 0; start < blocks.length; start += blockLimit) {
    groups.push(blocks.slice(start, start + blockLimit));
  }
  if (groups.length > maxMessages) {
    groups.length = maxMessages;
    const last = groups[maxMessages - 1] as Block[];
    last.splice(blockLimit - 1, last.length, context(options.truncatedNote));
  }
  return groups.map((group) => ({ text: fallbackText(group), blocks: group }));
}

/** A text as one or more messages of sections (with optional blocks after the text, e.g. buttons). */
export function textMessages(
  text: string,
  options: { after?: readonly Block[]; maxMessages?: number; truncatedNote: string },
): SlackMessage[] {
  const after = options.after ?? [];
  const sections = sectionsOf(text);
  const maxMessages = options.maxMessages ?? RESPONSE_MESSAGE_LIMIT;
  // The blocks after the text (buttons) must survive a truncation: room is kept for them.
  const room = maxMessages * MESSAGE_BLOCK_LIMIT - after.length;
  const kept =
    sections.length > room ? [...sections.slice(0, room - 1), context(options.truncatedNote)] : sections;
  return messagesOf([...kept, ...after], { maxMessages, truncatedNote: options.truncatedNote });
}

function fallbackText(blocks: readonly Block[]): string {
  const first = blocks.find((block) => block.type === 'section' || block.type === 'context');
  if (first?.type === 'section') return cutText(first.text?.text ?? '', SECTION_TEXT_LIMIT);
  if (first?.type === 'context') {
    const [element] = first.elements;
    return element && 'text' in element ? cutText(element.text, SECTION_TEXT_LIMIT) : '';
  }
  return '';
}

/** At most `limit` characters, the last being an ellipsis when something was cut. */
export function cutText(text: string, limit: number): string {
  const characters = [...text];
  if (characters.length <= limit) return text;
  return `${characters.slice(0, limit - 1).join('')}…`;
}
