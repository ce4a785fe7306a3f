import { ZodOptional, type ZodType, type z } from 'zod';
import type { CoreError } from '../../core/domain/errors.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { ActionContext, ActionResult, MediatorAction } from './action.ts';

export type ArgsCheck<Args> = { ok: true; args: Args } | { ok: false; text: string; error: CoreError };

/**
 * Validates the words an interface collected. A refusal names the argument the way the mediator typed
 * it (`--closes-at`, or its place for a positional one) and says what is expected.
 */
export function checkArgs<Args>(
  action: MediatorAction<Args>,
  raw: Record<string, unknown>,
  locale: Locale,
): ArgsCheck<Args> {
  const parsed = action.args.safeParse(raw);
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const name = String(issue.path[0] ?? '');
  if (!name) {
    const error: CoreError = { code: 'INVALID_INPUT', messageKey: issue.message };
    return { ok: false, text: t(locale, issue.message), error };
  }
  const problem = describeProblem(locale, issue, raw[name]);
  const error: CoreError = {
    code: 'INVALID_INPUT',
    messageKey: 'mediator:invalid.argument',
    // Written as typed: `--closes-at` for a named option, `closes-at` for a word given in its place.
    params: {
      argument: action.positional.includes(name) ? optionName(name) : `--${optionName(name)}`,
      problem,
    },
  };
  return { ok: false, text: t(locale, error.messageKey, error.params), error };
}

/** Validates, then runs: what every interface calls once it has a mediator actor. */
export async function runMediatorAction<Args>(
  action: MediatorAction<Args>,
  ctx: ActionContext,
  raw: Record<string, unknown>,
): Promise<ActionResult> {
  const checked = checkArgs(action, raw, ctx.locale);
  if (!checked.ok) return { ok: false, text: checked.text, error: checked.error };
  return action.run(ctx, checked.args);
}

function describeProblem(locale: Locale, issue: z.core.$ZodIssue, given: unknown): string {
  if (given === undefined) return t(locale, 'mediator:invalid.required');
  // Lengths and word lists first: a schema's own message would hide their limits.
  switch (issue.code) {
    case 'too_small':
      return t(locale, 'mediator:invalid.tooShort', { count: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'array'
        ? t(locale, 'mediator:invalid.tooMany', { count: Number(issue.maximum) })
        : t(locale, 'mediator:invalid.tooLong', { count: Number(issue.maximum) });
    case 'invalid_value':
      return t(locale, 'mediator:invalid.oneOf', { words: issue.values.join(', ') });
  }
  const params =
    'params' in issue ? (issue.params as Record<string, string | number> | undefined) : undefined;
  return t(locale, issue.message.startsWith('mediator:') ? issue.message : 'mediator:invalid.text', params);
}

/** `closesAt` → `closes-at`: how arguments are written on the command line and shown in help. */
export function optionName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export interface ArgDescription {
  /** The key in `args`: `closesAt`. */
  name: string;
  /** As typed: `closes-at`. */
  option: string;
  required: boolean;
  /** May be given several times (`--question … --question …`). */
  repeatable: boolean;
  /** Its place among the words given without a name, if it may be given so. */
  position: number | null;
  descriptionKey: string;
}

/** The arguments of an action, for help screens and forms: positional ones first, in their order. */
export function describeArgs(action: MediatorAction<unknown>): ArgDescription[] {
  const shape = (action.args as unknown as { shape?: Record<string, ZodType> }).shape ?? {};
  const described = Object.entries(shape).map(([name, schema]) => {
    const inner = schema instanceof ZodOptional ? (schema.unwrap() as ZodType) : schema;
    const position = action.positional.indexOf(name);
    return {
      name,
      option: optionName(name),
      required: !schema.safeParse(undefined).success,
      repeatable: inner.description === 'repeatable',
      position: position < 0 ? null : position,
      descriptionKey: `mediator:args.${name}`,
    };
  });
  return described.sort((a, b) => (a.position ?? 99) - (b.position ?? 99));
}
