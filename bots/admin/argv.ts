/**
 * The words after `npm run admin --`: an action name, its positional arguments, `--name value` options
 * (also `--name=value`; several times for a repeatable one), and the command line's own switches.
 * `--` alone ends the options: what follows is taken as written, even if it starts with `--`.
 */
export interface AdminArgv {
  action?: string;
  positional: string[];
  /** Options of the action, by their written name (`closes-at`), each with every value given. */
  options: Map<string, string[]>;
  json: boolean;
  yes: boolean;
  help: boolean;
  lang?: string;
  as?: string;
  out?: string;
}

export type ArgvParse =
  | { ok: true; argv: AdminArgv }
  | { ok: false; key: string; params: Record<string, string> };

const switches = { json: 'json', yes: 'yes', y: 'yes', help: 'help', h: 'help' } as const;
const ownOptions = ['lang', 'as', 'out'] as const;

export function parseArgv(words: readonly string[]): ArgvParse {
  const argv: AdminArgv = { positional: [], options: new Map(), json: false, yes: false, help: false };
  let onlyValues = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const option = onlyValues ? null : /^--?([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(word);
    if (word === '--' && !onlyValues) {
      onlyValues = true;
      continue;
    }
    if (!option) {
      if (argv.action === undefined) argv.action = word;
      else argv.positional.push(word);
      continue;
    }
    const name = option[1] as string;
    const flag = switches[name as keyof typeof switches];
    if (flag && option[2] === undefined) {
      argv[flag] = true;
      continue;
    }
    let value = option[2];
    if (value === undefined) {
      const next = words[i + 1];
      if (next === undefined || /^--[a-z]/.test(next))
        return { ok: false, key: 'mediator:cli.missingValue', params: { option: name } };
      value = next;
      i += 1;
    }
    if ((ownOptions as readonly string[]).includes(name)) {
      argv[name as (typeof ownOptions)[number]] = value;
      continue;
    }
    argv.options.set(name, [...(argv.options.get(name) ?? []), value]);
  }
  return { ok: true, argv };
}
