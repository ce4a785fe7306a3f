import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from '../../core/config/config.ts';
import { MigrationError } from '../../core/db/migrate.ts';
import { DatabaseUnavailable, EmbeddedDatabaseInUse } from '../../core/db/open-configured.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { isLocale, type Locale, t } from '../../core/i18n/index.ts';
import type { ActionResult, MediatorAction } from '../mediator/action.ts';
import { findAction } from '../mediator/actions/index.ts';
import { checkArgs, describeArgs } from '../mediator/run-action.ts';
import { type AdminArgv, parseArgv } from './argv.ts';
import { actionHelp, generalHelp } from './help.ts';
import { type AdminCore, openAdminCore } from './open-core.ts';

/** What the command line talks to: the real terminal, or a test's buffers. */
export interface AdminIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether a person can answer a question (stdin is a terminal). */
  interactive: boolean;
  /** Asks a question on the terminal and resolves with the line typed. */
  ask(question: string): Promise<string>;
}

export interface AdminOptions {
  /** Opens the core; by default the configured database, as `npm start` does. */
  openCore?: (io: AdminIo) => Promise<AdminCore>;
}

/** Exit codes: scripts can tell a refusal from a mistake in the command or a database problem. */
export const exitCodes = { ok: 0, refused: 1, usage: 2, database: 3, unexpected: 4 } as const;

/**
 * `npm run admin -- <action> [positional…] [--option value] [--json] [--yes] [--lang en] [--as name]`:
 * one mediator action on the configured database, as the operator. Returns the exit code.
 */
export async function runAdminCli(
  words: readonly string[],
  io: AdminIo,
  options: AdminOptions = {},
): Promise<number> {
  // First: the language it answers in may come from the .env file too.
  loadDotenv({ quiet: true, path: resolve(io.cwd, '.env'), processEnv: io.env as Record<string, string> });
  const parsed = parseArgv(words, (name) => {
    const known = findAction(name);
    return known && describeArgs(known).map((arg) => arg.option);
  });
  const lang = parsed.ok ? parsed.argv.lang : undefined;
  if (lang !== undefined && !isLocale(lang))
    return fail(io, 'fr', exitCodes.usage, 'mediator:cli.badLang', { lang });
  const locale: Locale = lang ?? (isLocale(io.env.DEFAULT_LOCALE) ? io.env.DEFAULT_LOCALE : 'fr');
  if (!parsed.ok) return fail(io, locale, exitCodes.usage, parsed.key, parsed.params);
  const { argv } = parsed;

  if (argv.action === undefined) {
    io.stdout(`${generalHelp(locale)}\n`);
    return argv.help ? exitCodes.ok : exitCodes.usage;
  }
  const action = findAction(argv.action);
  if (!action) return fail(io, locale, exitCodes.usage, 'mediator:cli.unknownAction', { name: argv.action });
  if (argv.help) {
    io.stdout(`${actionHelp(action, locale)}\n`);
    return exitCodes.ok;
  }
  const raw = collectArgs(action, argv);
  if (!raw.ok) return fail(io, locale, exitCodes.usage, raw.key, { action: action.name, ...raw.params });
  // Checked before the database is opened: a typing mistake is answered at once.
  const checked = checkArgs(action, raw.args, locale);
  if (!checked.ok) return failWith(io, exitCodes.usage, `${checked.text} ${hint(locale, action)}`);
  const operator = argv.as ?? osUserName(io);
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(operator)) {
    return fail(io, locale, exitCodes.usage, 'mediator:cli.badOperator', { name: operator });
  }
  if (action.irreversible && !argv.yes) {
    if (!io.interactive)
      return fail(io, locale, exitCodes.usage, 'mediator:cli.confirmNeedsYes', { action: action.name });
    const answer = await io.ask(t(locale, 'mediator:cli.confirm', { summary: t(locale, action.summaryKey) }));
    if (!/^(oui|o|yes|y)$/i.test(answer.trim()))
      return fail(io, locale, exitCodes.refused, 'mediator:cli.cancelled');
  }

  let opened: AdminCore | undefined;
  try {
    opened = await (options.openCore ?? openConfiguredCore)(io);
    if (opened.seeded > 0) io.stderr(`${t(locale, 'mediator:cli.seeded', { count: opened.seeded })}\n`);
    // `cli:` tells the audit log the action came from the command line (Slack's are `slack:…`).
    const result = await action.run(
      { core: opened.core, actor: mediatorActor(`cli:${operator}`), locale },
      checked.args,
    );
    return await report(io, locale, argv, result);
  } catch (error) {
    return failWith(io, ...explain(locale, error));
  } finally {
    await opened?.close().catch(() => {});
  }
}

async function openConfiguredCore(io: AdminIo): Promise<AdminCore> {
  const config = loadConfig(io.env);
  // Quiet unless asked: the result is what the mediator reads.
  return openAdminCore(config, io.env.LOG_LEVEL?.trim() ? config.LOG_LEVEL : 'warn');
}

/** Prints the result (text, or JSON with `--json`) and writes its file, if any. */
async function report(io: AdminIo, locale: Locale, argv: AdminArgv, result: ActionResult): Promise<number> {
  if (!result.ok) {
    if (argv.json) io.stdout(`${JSON.stringify({ ok: false, error: result.error, text: result.text })}\n`);
    return failWith(io, exitCodes.refused, result.text);
  }
  // A single file (an export) goes where --out says; several (proofs) into --out's folder, never
  // over a file already there (`wx`: the proofs of another file, an earlier copy).
  const single = result.file;
  const folder = resolve(io.cwd, argv.out ?? '.');
  const targets = single
    ? [{ path: resolve(io.cwd, argv.out ?? single.name), content: single.content }]
    : (result.files ?? []).map((file) => ({ path: join(folder, file.name), content: file.content }));
  let path = folder;
  try {
    if (!single && targets.length > 0) await mkdir(folder, { recursive: true, mode: 0o700 });
    for (const target of targets) {
      path = target.path;
      // Proofs are bank statements and letters: readable by the mediator's account only.
      await writeFile(path, target.content, single ? { flag: 'w' } : { flag: 'wx', mode: 0o600 });
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    if (reason === 'EEXIST')
      return fail(io, locale, exitCodes.refused, 'mediator:cli.alreadyThere', { path });
    return fail(io, locale, exitCodes.refused, 'mediator:cli.cannotWrite', { path, reason });
  }
  const paths = targets.map((target) => target.path);
  if (argv.json) {
    const written = single ? { file: paths[0] } : paths.length > 0 ? { files: paths } : {};
    io.stdout(`${JSON.stringify({ ok: true, data: result.data, ...written }, jsonValue, 2)}\n`);
  } else {
    const written = paths
      .map((each) => `\n${t(locale, 'mediator:cli.fileWritten', { path: each })}`)
      .join('');
    io.stdout(`${result.text}${written}\n`);
  }
  return exitCodes.ok;
}

/** JSON has no bigint: audit sequence numbers and the like are written as strings. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

type RawArgs =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; key: string; params: Record<string, string> };

/** Positional words take the action's positional names in order; `--closes-at` fills `closesAt`. */
function collectArgs(action: MediatorAction<never>, argv: AdminArgv): RawArgs {
  const described = describeArgs(action);
  const args: Record<string, unknown> = {};
  const extra = argv.positional[action.positional.length];
  if (extra !== undefined) return { ok: false, key: 'mediator:cli.tooManyArguments', params: { extra } };
  argv.positional.forEach((value, index) => {
    args[action.positional[index] as string] = value;
  });
  for (const [option, values] of argv.options) {
    const arg = described.find((candidate) => candidate.option === option);
    if (!arg) return { ok: false, key: 'mediator:cli.unknownOption', params: { option } };
    if (args[arg.name] !== undefined || (values.length > 1 && !arg.repeatable)) {
      return { ok: false, key: 'mediator:cli.repeatedOption', params: { option } };
    }
    args[arg.name] = arg.repeatable ? values : values[0];
  }
  return { ok: true, args };
}

function hint(locale: Locale, action: MediatorAction<never>): string {
  return t(locale, 'mediator:cli.seeHelp', { action: action.name });
}

/** What went wrong, in one line a mediator can act on, and the exit code that goes with it. */
function explain(locale: Locale, error: unknown): [number, string] {
  if (error instanceof ConfigError) return [exitCodes.usage, error.message];
  if (error instanceof EmbeddedDatabaseInUse) {
    return [
      exitCodes.database,
      t(locale, 'mediator:cli.databaseInUse', {
        directory: error.directory,
        pid: String(error.pid),
        lockFile: error.lockFile,
      }),
    ];
  }
  if (error instanceof DatabaseUnavailable || error instanceof MigrationError) {
    return [exitCodes.database, t(locale, 'mediator:cli.databaseUnavailable', { message: error.message })];
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return [
    exitCodes.unexpected,
    t(locale, 'mediator:cli.unexpected', { message: message.split('\n')[0] ?? '' }),
  ];
}

function fail(
  io: AdminIo,
  locale: Locale,
  code: number,
  key: string,
  params?: Record<string, string | number>,
) {
  return failWith(io, code, t(locale, key, params));
}

function failWith(io: AdminIo, code: number, text: string): number {
  io.stderr(`${text}\n`);
  return code;
}

/** Who is acting, for the audit log, when `--as` is not given: the operating system's user. */
function osUserName(io: AdminIo): string {
  try {
    return userInfo().username;
  } catch {
    return io.env.USER ?? io.env.USERNAME ?? 'operator';
  }
}
