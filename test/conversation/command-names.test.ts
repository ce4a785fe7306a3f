import { describe, expect, it } from 'vitest';
import { commandName, commandOfName, consumerCommands } from '../../bots/conversation/commands.ts';
import { commandMenu } from '../../bots/telegram/command-menu.ts';
import { t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { chatAs, textOf } from './account-chat.ts';

const t = useTestCore();

describe('command names in each language', () => {
  it('answers the English names in English and in French, and the French names in English', async () => {
    const english = chatAs(t.core, 'names-en', 'en');
    expect(textOf(await english.command('help'))).toBe(text('en', 'account:help.text'));
    expect(textOf(await english.command('aide'))).toBe(text('en', 'account:help.text'));
    expect(textOf(await english.command('language'))).toContain(text('en', 'account:language.ask'));
    expect(textOf(await english.command('myfiles'))).not.toContain(text('en', 'conversation:unknownCommand'));

    const french = chatAs(t.core, 'names-fr', 'fr');
    expect(textOf(await french.command('help'))).toBe(text('fr', 'account:help.text'));
    expect(textOf(await french.command('HELP'))).toBe(text('fr', 'account:help.text'));
    expect(textOf(await french.command('nimportequoi'))).toBe(text('fr', 'conversation:unknownCommand'));
  });

  it('gives every command a distinct name per language, each one found again', () => {
    for (const locale of ['fr', 'en'] as const) {
      const names = consumerCommands.map((command) => commandName(locale, command));
      expect(new Set(names).size).toBe(consumerCommands.length);
      for (const command of consumerCommands)
        expect(commandOfName(commandName(locale, command))).toBe(command);
    }
    expect(commandName('en', 'mesdossiers')).toBe('myfiles');
    expect(commandName('fr', 'mesdossiers')).toBe('mesdossiers');
  });

  it('lists in the English help and the English Telegram menu the English names only', () => {
    const help = text('en', 'account:help.text');
    for (const command of consumerCommands) expect(help).toContain(`/${commandName('en', command)} — `);
    expect(commandMenu('en').map((item) => item.command)).toEqual(
      consumerCommands.map((command) => commandName('en', command)),
    );
    expect(commandMenu('en').map((item) => item.command)).toContain('help');
    expect(commandMenu('fr').map((item) => item.command)).toContain('aide');
  });

  it('names no French-only command in any English text of the conversation', async () => {
    const { readLocaleFiles } = await import('../../core/i18n/resources.ts');
    const files = readLocaleFiles();
    const frenchOnly: string[] = consumerCommands.filter((command) => commandName('en', command) !== command);
    frenchOnly.push('justificatif', 'rejoindre');
    const found: string[] = [];
    const walk = (path: string, value: unknown) => {
      if (typeof value === 'string') {
        for (const name of frenchOnly)
          if (new RegExp(`(^|[^\\w/:.-])/${name}(?![\\w-])`).test(value)) found.push(`${path}: /${name}`);
      } else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) walk(`${path}.${key}`, inner);
    };
    for (const [ns, messages] of Object.entries(files.en)) if (ns !== 'commands') walk(ns, messages);
    expect(found).toEqual([]);
  });
});
