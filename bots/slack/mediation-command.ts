import type { Core } from '../../core/core.ts';
import type { Actor } from '../../core/domain/actor.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { ActionResult, MediatorAction } from '../mediator/action.ts';
import { checkArgs, describeArgs, optionName } from '../mediator/run-action.ts';
import { argsFromWords, splitWords } from '../mediator/words.ts';
import { BUTTON_VALUE_LIMIT } from './blocks.ts';

/** The words that ask for help instead of an action (an empty command does too). */
const HELP_WORDS = new Set(['aide', 'help', '?']);

export type CommandPlan =
  | { kind: 'help' }
  /** Something to tell the mediator instead of running anything (already in their language). */
  | { kind: 'problem'; text: string }
  | { kind: 'confirm'; action: MediatorAction; args: unknown; confirmation: string }
  | { kind: 'run'; action: MediatorAction; args: unknown };

export interface CommandSetting {
  /** `/mediation`, as declared in the Slack app. */
  command: string;
  actions: readonly MediatorAction[];
  locale: Locale;
}

/**
 * `/mediation <action> <arguments…>` → what to do: help, a problem to explain, a confirmation to ask
 * (irreversible actions), or the action to run with its checked arguments.
 */
export function planCommand(setting: CommandSetting, text: string, confirmed = false): CommandPlan {
  const { locale } = setting;
  const split = splitWords(text);
  if (!split.ok) return { kind: 'problem', text: t(locale, 'slack:command.unclosedQuote') };
  const [name, ...words] = split.words;
  if (name === undefined || HELP_WORDS.has(name.toLowerCase())) return { kind: 'help' };
  const action = findAction(setting.actions, name);
  if (!action) {
    return { kind: 'problem', text: t(locale, 'slack:command.unknown', { name, command: setting.command }) };
  }
  const usage = usageOf(setting.command, action);
  const repeatable = new Set(describeArgs(action).flatMap((arg) => (arg.repeatable ? [arg.name] : [])));
  const raw = argsFromWords(action, words, repeatable);
  if (!raw.ok)
    return { kind: 'problem', text: t(locale, 'slack:command.tooManyWords', { word: raw.word, usage }) };
  const checked = checkArgs(action, raw.args, locale);
  if (!checked.ok)
    return {
      kind: 'problem',
      text: t(locale, 'slack:command.invalidArgs', { problem: checked.text, usage }),
    };
  if (action.irreversible && !confirmed) {
    // The button carries the words typed, checked again when pressed: nothing is kept on our side.
    const confirmation = JSON.stringify({ text });
    if (confirmation.length > BUTTON_VALUE_LIMIT) {
      return { kind: 'problem', text: t(locale, 'slack:command.tooLongToConfirm') };
    }
    return { kind: 'confirm', action, args: checked.args, confirmation };
  }
  return { kind: 'run', action, args: checked.args };
}

/** The text a confirmation button carries, back from Slack (anything malformed reads as empty). */
export function confirmedText(value: string | undefined): string {
  try {
    const { text } = JSON.parse(value ?? '') as { text?: unknown };
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

/** The name used in audit entries: a known action's, never what someone typed. */
export function attemptedAction(setting: CommandSetting, text: string): string {
  const split = splitWords(text);
  const name = split.ok ? split.words[0] : undefined;
  if (name === undefined || HELP_WORDS.has(name.toLowerCase())) return 'help';
  return findAction(setting.actions, name)?.name ?? 'unknown';
}

export function findAction(actions: readonly MediatorAction[], name: string): MediatorAction | undefined {
  return actions.find((action) => action.name === name.toLowerCase());
}

/** `/mediation open-vote <mediation> <closes-at>`. */
export function usageOf(command: string, action: MediatorAction): string {
  return [command, action.name, ...action.positional.map((name) => `<${optionName(name)}>`)].join(' ');
}

/** Help: how to type a command, then every action with its one-line summary. */
export function helpText(setting: CommandSetting): string {
  const { locale } = setting;
  const lines = setting.actions.map((action) =>
    t(locale, 'slack:help.line', {
      usage: usageOf(setting.command, action),
      summary: t(locale, action.summaryKey),
    }),
  );
  return [
    t(locale, 'slack:help.title'),
    t(locale, 'slack:help.usage', { command: setting.command }),
    t(locale, 'slack:help.forms', { command: setting.command }),
    '',
    ...(lines.length ? lines : [t(locale, 'slack:help.empty')]),
  ].join('\n');
}

/** Runs an action; a crash becomes a failed result the mediator can read, the cause goes to the log. */
export async function runAction(
  core: Core,
  action: MediatorAction,
  args: unknown,
  actor: Actor,
  locale: Locale,
): Promise<ActionResult> {
  try {
    return await action.run({ core, actor, locale }, args as Record<string, unknown>);
  } catch (error) {
    core.deps.logger.error({ err: error, action: action.name }, 'mediator action failed');
    return {
      ok: false,
      text: t(locale, 'slack:command.failed'),
      error: { code: 'INTERNAL', messageKey: 'errors:internal' },
    };
  }
}
