import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../bots/admin/argv.ts';

/** The action `record-offer` accepts these options; any other action is unknown to this test. */
const optionsOf = (action: string) =>
  action === 'record-offer' ? ['terms-fr', 'fixed', 'mediation'] : undefined;

describe('the admin command line’s words, read by node:util’s parseArgs', () => {
  it('takes the action, its positional words, its options (= or a separate word) and the own switches', () => {
    const parsed = parseArgv(
      [
        '--lang',
        'en',
        'record-offer',
        'red-by-sfr',
        '--terms-fr=Remboursement intégral',
        '--fixed',
        '30',
        '-y',
      ],
      optionsOf,
    );
    expect(parsed).toEqual({
      ok: true,
      argv: {
        action: 'record-offer',
        positional: ['red-by-sfr'],
        options: new Map([
          ['terms-fr', ['Remboursement intégral']],
          ['fixed', ['30']],
        ]),
        json: false,
        yes: true,
        help: false,
        lang: 'en',
      },
    });
  });

  it('keeps every value of a repeated option, and takes what follows -- as written', () => {
    const parsed = parseArgv(['record-offer', '--fixed', '1', '--fixed', '2', '--', '--json'], optionsOf);
    expect(parsed.ok && parsed.argv.options.get('fixed')).toEqual(['1', '2']);
    expect(parsed.ok && parsed.argv.positional).toEqual(['--json']);
    expect(parsed.ok && parsed.argv.json).toBe(false);
  });

  it('names an unknown option with its action, and an option left without its value', () => {
    expect(parseArgv(['record-offer', '--colour', 'red'], optionsOf)).toEqual({
      ok: false,
      key: 'mediator:cli.unknownOption',
      params: { option: 'colour', action: 'record-offer' },
    });
    expect(parseArgv(['record-offer', '--fixed'], optionsOf)).toEqual({
      ok: false,
      key: 'mediator:cli.missingValue',
      params: { option: 'fixed' },
    });
    expect(parseArgv(['list', '--lang'], optionsOf)).toMatchObject({ ok: false, params: { option: 'lang' } });
  });

  it('leaves an unknown action’s options alone: its name is what the caller refuses', () => {
    expect(parseArgv(['nonsense', '--whatever', 'x'], optionsOf)).toMatchObject({
      ok: true,
      argv: { action: 'nonsense' },
    });
  });
});
