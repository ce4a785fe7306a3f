import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * The words after `npm run admin --`: an action name, its positional arguments, `--name value` options
 * (also `--name=value`; several times for a repeatable one), and the command line's own switches.
 * `--` alone ends the options: what follows is taken as written, even if it starts with `--`.
 * Read by `node:util`'s `parseArgs`, the one parser of the command line (Slack's text is split into
 * words by `splitWords`, which keeps quoted text together, and then comes here too).
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

type Options = NonNullable<ParseArgsConfig['options']>;

/** The command line's own options, the same for every action. */
const ownOptions = {
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  as: { type: 'string' },
  out: { type: 'string' },
} as const satisfies Options;

/**
 * `optionsOf(action)` gives the option names an action accepts (`closes-at`…), or undefined for an
 * unknown action (its name is then refused by the caller, not its options).
 */
export function parseArgv(
  words: readonly string[],
  optionsOf: (action: string) => readonly string[] | undefined = () => undefined,
): ArgvParse {
  // An action's options are known only once its name is read: a lenient first pass finds it.
  const { tokens } = parseArgs({
    args: [...words],
    options: ownOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const action = tokens.find((token) => token.kind === 'positional')?.value;
  const known = action === undefined ? [] : optionsOf(action);
  const options: Options = { ...ownOptions };
  for (const name of known ?? []) options[name] ??= { type: 'string', multiple: true };
  let parsed: ReturnType<typeof parseArgs<{ options: Options; allowPositionals: true; strict: boolean }>>;
  try {
    parsed = parseArgs({ args: [...words], options, strict: known !== undefined, allowPositionals: true });
  } catch (error) {
    return refusal(error, action ?? '');
  }
  const { values, positionals } = parsed;
  const argv: AdminArgv = {
    action: positionals[0],
    positional: positionals.slice(1),
    options: new Map(),
    json: values.json === true,
    yes: values.yes === true,
    help: values.help === true,
  };
  for (const name of ['lang', 'as', 'out'] as const) {
    const value = values[name];
    if (typeof value === 'string') argv[name] = value;
    // Without its value (`--lang` last), the lenient pass of an unknown action reads a switch.
    else if (value !== undefined)
      return { ok: false, key: 'mediator:cli.missingValue', params: { option: name } };
  }
  for (const [name, value] of Object.entries(values)) {
    if (name in ownOptions || value === undefined) continue;
    argv.options.set(name, (Array.isArray(value) ? value : [value]).map(String));
  }
  return { ok: true, argv };
}

/** `parseArgs`'s errors, as the command line's own words; the option is named without its dashes. */
function refusal(error: unknown, action: string): ArgvParse {
  const code = (error as { code?: string }).code;
  const message = String((error as Error).message);
  const option = /'(?:-[a-z], )?--?([^' =]+)/i.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return { ok: false, key: 'mediator:cli.unknownOption', params: { option, action } };
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return { ok: false, key: 'mediator:cli.missingValue', params: { option } };
  throw error;
}
