import { describe, expect, it } from 'vitest';
import { parseCommand, sentFileOf } from '../../bots/telegram/incoming.ts';
import { inlineKeyboard, MAX_MESSAGE_LENGTH, renderReplies, splitText } from '../../bots/telegram/render.ts';

describe('a reply rendered for Telegram', () => {
  it('fits in one message when short, buttons attached', () => {
    expect(renderReplies([{ text: 'Bonjour', choices: [[{ id: 'a:b', label: 'Oui' }]] }])).toEqual([
      { text: 'Bonjour', keyboard: { inline_keyboard: [[{ text: 'Oui', callback_data: 'a:b' }]] } },
    ]);
  });

  it('is cut at a paragraph break, else a line break, else a space, never above 4096 characters', () => {
    const paragraph = 'mot '.repeat(700).trim(); // 2 799 characters
    const parts = splitText(`${paragraph}\n\n${paragraph}\n\n${paragraph}`);
    expect(parts).toEqual([paragraph, paragraph, paragraph]);
    const lines = splitText(`${'a'.repeat(3000)}\n${'b'.repeat(3000)}`);
    expect(lines).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
    const words = splitText('mot '.repeat(2000));
    expect(words.every((part) => part.length <= MAX_MESSAGE_LENGTH)).toBe(true);
    expect(words.join(' ')).toBe('mot '.repeat(2000).trim());
  });

  it('cuts a run without spaces at the limit, but never inside an emoji', () => {
    const run = `${'x'.repeat(MAX_MESSAGE_LENGTH - 1)}😀${'y'.repeat(10)}`;
    const parts = splitText(run);
    expect(parts[0]).toBe('x'.repeat(MAX_MESSAGE_LENGTH - 1));
    expect(parts[1]).toBe(`😀${'y'.repeat(10)}`);
  });

  it('refuses a button id over 64 bytes, counting bytes, not characters', () => {
    expect(() => inlineKeyboard([[{ id: 'é'.repeat(32), label: 'ok' }]])).not.toThrow();
    expect(() => inlineKeyboard([[{ id: 'é'.repeat(33), label: 'trop' }]])).toThrow(/64 bytes/);
    expect(() => inlineKeyboard([[{ id: '', label: 'vide' }]])).toThrow(/callback_data/);
  });

  it('sends a file as a document, captioned with the text when it fits a caption (1024 characters)', () => {
    const file = { name: 'vote-1-receipts.csv', mimeType: 'text/csv', bytes: new Uint8Array([65]) };
    const choices = [[{ id: 'a:b', label: 'Oui' }]];
    expect(renderReplies([{ text: 'La liste', file, choices }])).toEqual([
      {
        text: 'La liste',
        document: file,
        keyboard: { inline_keyboard: [[{ text: 'Oui', callback_data: 'a:b' }]] },
      },
    ]);
    const long = 'mot '.repeat(300).trim(); // 1 199 characters: too long for a caption
    expect(renderReplies([{ text: long, file }])).toEqual([{ text: long }, { text: '', document: file }]);
  });

  it('sends nothing for an empty text', () => {
    expect(renderReplies([{ text: '  ' }])).toEqual([]);
  });
});

describe('what a person typed', () => {
  it('is a command with its arguments, for this bot', () => {
    expect(parseCommand('/start red-by-sfr', 'ClfBot')).toEqual({ name: 'start', args: 'red-by-sfr' });
    expect(parseCommand('/MesDossiers@clfbot', 'ClfBot')).toEqual({ name: 'mesdossiers', args: '' });
    expect(parseCommand('/start@OtherBot', 'ClfBot')).toBe('not-ours');
  });

  it('is free text otherwise', () => {
    expect(parseCommand('1 234,56 €', 'ClfBot')).toBeUndefined();
    expect(parseCommand('/etc/passwd', 'ClfBot')).toBeUndefined();
  });

  it('is a file: the largest photo, or the document as declared', () => {
    const photo = {
      message_id: 1,
      date: 0,
      chat: { id: 1, type: 'private' as const, first_name: 'A' },
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 90, file_size: 10 },
        { file_id: 'large', file_unique_id: 'l', width: 1280, height: 960, file_size: 100 },
        { file_id: 'medium', file_unique_id: 'm', width: 320, height: 320, file_size: 50 },
      ],
    };
    expect(sentFileOf(photo)).toEqual({ fileId: 'large', size: 100, declaredMimeType: 'image/jpeg' });
  });
});
