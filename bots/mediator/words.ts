import type { MediatorAction } from './action.ts';

/** Quotes a mediator may type, including those chat clients turn "…" into (“…”, « … »). */
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '„': '“', '«': '»', '‘': '’' };

export type Words = { ok: true; words: string[] } | { ok: false; problem: 'unclosedQuote' };

/**
 * The words of a mediator action typed as text (Slack's `/mediation`, the terminal's `/admin`): spaces
 * separate them, quotes keep a phrase together (`--reason "Offre retirée par l'entreprise"`).
 */
export function splitWords(text: string): Words {
  const words: string[] = [];
  let current: string | undefined;
  let closing: string | undefined;
  for (const character of text) {
    if (closing) {
      if (character === closing) closing = undefined;
      else current += character;
    } else if (/\s/.test(character)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (character in QUOTES && current === undefined) {
      // A quote opens a phrase only at the start of a word: `l'entreprise` stays one word.
      closing = QUOTES[character];
      current = '';
    } else {
      current = (current ?? '') + character;
    }
  }
  if (closing) return { ok: false, problem: 'unclosedQuote' };
  if (current !== undefined) words.push(current);
  return { ok: true, words };
}

export type ArgsFromWords =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; problem: 'tooManyWords'; word: string };

/**
 * Words after the action's name → its raw arguments: `--name value` (or `--name=value`) by name, a
 * lone `--flag` as true, and the other words in the order of `action.positional`. `--closes-at` names
 * the argument `closesAt`. The action's zod schema then says whether they are right.
 */
export function argsFromWords(
  action: Pick<MediatorAction, 'positional'>,
  words: readonly string[],
  /** Arguments that may be given several times: their values are collected in a list. */
  repeatable: ReadonlySet<string> = new Set(),
): ArgsFromWords {
  const args: Record<string, unknown> = {};
  const give = (name: string, value: unknown) => {
    if (!repeatable.has(name)) args[name] = value;
    else args[name] = [...((args[name] as unknown[] | undefined) ?? []), value];
  };
  const positional = [...action.positional];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const option = /^--([a-zA-Z][\w-]*)(?:=(.*))?$/s.exec(word);
    if (option) {
      const name = camelCase(option[1] as string);
      const next = words[index + 1];
      if (option[2] !== undefined) give(name, option[2]);
      else if (next !== undefined && !next.startsWith('--')) {
        give(name, next);
        index++;
      } else give(name, true);
      continue;
    }
    // A positional argument already given by name is skipped.
    while (positional.length > 0 && (positional[0] as string) in args) positional.shift();
    const name = positional.shift();
    if (!name) return { ok: false, problem: 'tooManyWords', word };
    give(name, word);
  }
  return { ok: true, args };
}

const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
