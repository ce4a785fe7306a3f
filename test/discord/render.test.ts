import { describe, expect, it } from 'vitest';
import type { Choice } from '../../bots/conversation/types.ts';
import {
  ANSWER_BUTTON_ID,
  MAX_CONTENT_LENGTH,
  nameCommands,
  renderReplies,
  renderWords,
} from '../../bots/discord/render.ts';
import { slashCommands } from '../../bots/discord/slash-commands.ts';

const words = renderWords('fr');
const buttons = (count: number, prefix = 'browse:open'): Choice[][] =>
  Array.from({ length: count }, (_, index) => [{ id: `${prefix}:${index}`, label: `Choix ${index}` }]);

describe('Discord rendering', () => {
  it('splits a text longer than 2000 characters, with the buttons under the last part', () => {
    const paragraph = `${'mot '.repeat(240).trim()}\n\n`;
    const messages = renderReplies([{ text: paragraph.repeat(5), choices: buttons(1) }], words);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.content.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
    expect(messages.slice(0, -1).every((message) => message.components.length === 0)).toBe(true);
    expect(messages.at(-1)?.components).toHaveLength(1);
  });

  it('attaches a reply’s file to its message under its name, and only there', () => {
    const file = {
      name: 'vote-1-receipts.csv',
      mimeType: 'text/csv',
      bytes: new TextEncoder().encode('A\n'),
    };
    const messages = renderReplies([{ text: 'Avant' }, { text: 'La liste', file }], words);
    expect(messages[0]).toEqual({ content: 'Avant', components: [] });
    expect(messages[1]?.content).toBe('La liste');
    expect(messages[1]?.files).toEqual([{ attachment: Buffer.from('A\n'), name: 'vote-1-receipts.csv' }]);
  });

  it('puts more than 5 rows of buttons in a further message, and at most 5 buttons a row', () => {
    const rows = [
      ...buttons(6),
      Array.from({ length: 7 }, (_, index) => ({ id: `x:${index}`, label: `${index}` })),
    ];
    const messages = renderReplies([{ text: 'Médiations ouvertes', choices: rows }], words);
    expect(messages.map((message) => message.components.length)).toEqual([5, 3]);
    expect(messages[1]?.content).toBe(words.moreChoices);
    for (const row of messages.flatMap((message) => message.components))
      expect(row.components.length).toBeLessThanOrEqual(5);
  });

  it('adds « Répondre » under a question that waits for text, and the /justificatif hint under the evidence one', () => {
    const [question] = renderReplies([{ text: 'Quel montant ?', expects: 'text' }], words);
    expect(question?.components[0]?.components[0]).toMatchObject({
      custom_id: ANSWER_BUTTON_ID,
      label: 'Répondre',
    });
    const [evidence] = renderReplies([{ text: 'Vos justificatifs', expects: 'file' }], words);
    expect(evidence?.content).toContain('/justificatif');
  });

  it('refuses a custom_id over 100 characters or repeated in one message, and shortens long labels', () => {
    expect(() =>
      renderReplies([{ text: 'x', choices: [[{ id: 'a'.repeat(101), label: 'x' }]] }], words),
    ).toThrow(/custom_id/);
    expect(() =>
      renderReplies([{ text: 'x', choices: [buttons(1)[0] ?? [], buttons(1)[0] ?? []] }], words),
    ).toThrow(/repeated/);
    const [long] = renderReplies([{ text: 'x', choices: [[{ id: 'a:b', label: 'é'.repeat(120) }]] }], words);
    expect(long?.components[0]?.components[0]?.label).toHaveLength(80);
  });

  it('builds every slash command within Discord limits', () => {
    for (const command of slashCommands()) {
      for (const name of [command.name, ...Object.values(command.name_localizations ?? {})])
        expect(name).toMatch(/^[-_a-z0-9]{1,32}$/);
      for (const description of [
        command.description,
        ...Object.values(command.description_localizations ?? {}),
      ])
        expect(description?.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('the commands named in a text', () => {
  it('are the ones this client shows: /accueil for /start, English names for an English client', () => {
    const help = 'Tapez /start, puis /mesdossiers. Voir https://t.me/bot?start=x et /inconnue.';
    expect(nameCommands(help, renderWords('fr').commands)).toBe(
      'Tapez /accueil, puis /mesdossiers. Voir https://t.me/bot?start=x et /inconnue.',
    );
    expect(nameCommands('Type /mesdossiers or /voter (/aide).', renderWords('en').commands)).toBe(
      'Type /myfiles or /vote (/help).',
    );
    const [message] = renderReplies([{ text: 'Puis /rejoindre.' }], renderWords('en'));
    expect(message?.content).toBe('Puis /join.');
  });
});
