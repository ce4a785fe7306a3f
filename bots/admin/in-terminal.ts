import type { Core } from '../../core/core.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import { splitWords } from '../mediator/words.ts';
import { runAdminCli } from './admin-cli.ts';

/**
 * `/admin <action> …` typed in the terminal chat: the admin command line, run on the database this
 * program already holds (the embedded one takes one process at a time), so that a newcomer can play
 * the mediator next to the consumer: open a vote, close it, see the result. No question can be asked
 * in the middle of the chat: irreversible actions need `--yes`. It speaks the chat's language (`localeOf`:
 * the `/langue` choice once made). Returns what to print.
 */
export function adminInTerminal(
  core: Core,
  options: { localeOf: () => Promise<Locale>; env: Record<string, string | undefined> },
) {
  return async (text: string): Promise<string> => {
    const locale = await options.localeOf();
    const split = splitWords(text);
    if (!split.ok) return t(locale, 'mediator:cli.unclosedQuote');
    const printed: string[] = [];
    await runAdminCli(
      split.words,
      {
        stdout: (out) => printed.push(out),
        stderr: (out) => printed.push(out),
        env: { ...options.env, DEFAULT_LOCALE: locale },
        cwd: process.cwd(),
        interactive: false,
        ask: async () => '',
      },
      { openCore: async () => ({ core, seeded: 0, close: async () => {} }) },
    );
    // The help speaks of `npm run admin -- <action>`: here the same is typed `/admin <action>`.
    return printed.join('').replaceAll('npm run admin -- ', '/admin ').trimEnd();
  };
}
