import { describe, expect, it } from 'vitest';
import {
  type Block,
  BUTTON_VALUE_LIMIT,
  button,
  MESSAGE_BLOCK_LIMIT,
  messagesOf,
  SECTION_TEXT_LIMIT,
  sectionsOf,
  textMessages,
} from '../../bots/slack/blocks.ts';

const note = 'La suite est coupée.';
const sectionTexts = (blocks: readonly Block[]) =>
  blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
const lengthOf = (text: string) => [...text].length;

describe('Block Kit within Slack’s limits', () => {
  it('keeps a short text in one plain-text section, so nothing typed becomes a mention or markup', () => {
    expect(sectionsOf('Bonjour <@U0ALL> *gras*')).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Bonjour <@U0ALL> *gras*', emoji: true } },
    ]);
    expect(sectionsOf('  \n ')).toEqual([]);
  });

  it('cuts a long text into sections of at most 3000 characters, between lines, losing nothing', () => {
    const lines = Array.from(
      { length: 400 },
      (_, index) => `Ligne ${index} : participant admis, dossier complet.`,
    );
    const text = lines.join('\n');
    const texts = sectionTexts(sectionsOf(text));
    expect(texts.length).toBeGreaterThan(1);
    for (const piece of texts) expect(lengthOf(piece)).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    // Cut between lines: every line is whole in one section, in order.
    expect(texts.join('\n')).toBe(text);
  });

  it('cuts a text without any space or line break too, counting characters, not UTF-16 units', () => {
    const text = '€😀'.repeat(4000);
    const texts = sectionTexts(sectionsOf(text));
    for (const piece of texts) expect(lengthOf(piece)).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(texts.join('')).toBe(text);
  });

  it('splits more than 50 blocks into several messages', () => {
    const blocks = sectionsOf(Array.from({ length: 120 }, (_, i) => `${i} ${'x'.repeat(2990)}`).join('\n'));
    expect(blocks).toHaveLength(120);
    const messages = messagesOf(blocks, { truncatedNote: note });
    expect(messages.map((message) => message.blocks.length)).toEqual([50, 50, 20]);
    expect(messages.flatMap((message) => message.blocks)).toEqual(blocks);
    for (const message of messages) expect(lengthOf(message.text)).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
  });

  it('past the number of messages allowed, keeps the start and ends with a note saying the rest was cut', () => {
    const blocks = sectionsOf(Array.from({ length: 300 }, (_, i) => `${i} ${'x'.repeat(2990)}`).join('\n'));
    const messages = messagesOf(blocks, { truncatedNote: note, maxMessages: 2 });
    expect(messages).toHaveLength(2);
    expect(messages.map((message) => message.blocks.length)).toEqual([
      MESSAGE_BLOCK_LIMIT,
      MESSAGE_BLOCK_LIMIT,
    ]);
    const last = messages[1]?.blocks.at(-1);
    expect(last).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: note, emoji: true }] });
  });

  it('keeps the buttons after a text even when the text has to be cut', () => {
    const buttons: Block = {
      type: 'actions',
      elements: [button({ text: 'Confirmer', actionId: 'mediation:confirm', value: '{}' })],
    };
    const text = Array.from({ length: 80 }, (_, i) => `${i} ${'y'.repeat(2990)}`).join('\n');
    const [message, ...more] = textMessages(text, { truncatedNote: note, maxMessages: 1, after: [buttons] });
    expect(more).toEqual([]);
    expect(message?.blocks).toHaveLength(MESSAGE_BLOCK_LIMIT);
    expect(message?.blocks.at(-1)).toEqual(buttons);
    expect(message?.blocks.at(-2)?.type).toBe('context');
  });

  it('shortens a button’s label to 75 characters and refuses values Slack would refuse', () => {
    const long = button({ text: 'R'.repeat(100), actionId: 'a', value: 'v' });
    expect(lengthOf(long.text.text)).toBe(75);
    expect(long.text.text.endsWith('…')).toBe(true);
    expect(() => button({ text: 'ok', actionId: 'a', value: 'v'.repeat(BUTTON_VALUE_LIMIT + 1) })).toThrow();
    expect(() => button({ text: 'ok', actionId: 'a'.repeat(256), value: 'v' })).toThrow();
  });
});
