import type { types, ViewStateValue } from '@slack/bolt';
import { parisWallTime } from '../../../core/clock/working-days.ts';
import { type Locale, t } from '../../../core/i18n/index.ts';
import { cutText, plainText } from '../blocks.ts';

/** Slack's own limits on a modal's pieces (api.slack.com/reference/block-kit). */
export const MODAL_TITLE_LIMIT = 24;
export const MODAL_BLOCK_LIMIT = 100;
export const LABEL_LIMIT = 2000;
export const INPUT_LIMIT = 3000;
export const METADATA_LIMIT = 3000;

/** Every input's element has this action id: its block id (the argument's name) is what matters. */
const VALUE = 'value';
/** The time of a date-and-time field is a second block: `<arg>.time`. */
export const timeBlockOf = (arg: string) => `${arg}.time`;

/**
 * One input of a form, bound to one argument of a catalogue action. Its block id is the argument's name,
 * so a problem found with the argument is shown under the right input.
 */
export interface FormField {
  arg: string;
  kind: 'text' | 'long' | 'lines' | 'select' | 'dateTime';
  optional?: boolean;
  /** Most characters Slack lets the person type (plain text inputs). */
  maxLength?: number;
  /** `select`: the words the action takes; labels in `slack:fields.<arg>.options.<word>`. */
  options?: readonly string[];
  /** Shown under the input: `slack:fields.<arg>.hint`. */
  hint?: boolean;
}

/** What an input shows when the form opens: the current value of an edited mediation, a default. */
export type Prefill = Partial<Record<string, string>>;

export function fieldBlocks(locale: Locale, field: FormField, prefill: Prefill): types.InputBlock[] {
  const label = plainText(cutText(t(locale, `slack:fields.${field.arg}.label`), LABEL_LIMIT));
  const hint = field.hint
    ? plainText(cutText(t(locale, `slack:fields.${field.arg}.hint`), LABEL_LIMIT))
    : undefined;
  const initial = prefill[field.arg];
  const base = { type: 'input' as const, block_id: field.arg, label, optional: field.optional ?? false };
  const withHint = <B extends object>(block: B) => (hint ? { ...block, hint } : block);
  if (field.kind === 'dateTime') {
    const [date, time] = (initial ?? '').split('T');
    return [
      withHint({
        ...base,
        element: { type: 'datepicker', action_id: VALUE, ...(date ? { initial_date: date } : {}) },
      }),
      {
        type: 'input',
        block_id: timeBlockOf(field.arg),
        optional: true,
        label: plainText(t(locale, 'slack:fields.time.label')),
        hint: plainText(t(locale, 'slack:fields.time.hint')),
        element: {
          type: 'timepicker',
          action_id: VALUE,
          timezone: 'Europe/Paris',
          ...(time ? { initial_time: time } : {}),
        },
      },
    ];
  }
  if (field.kind === 'select') {
    const option = (word: string) => ({
      text: plainText(cutText(t(locale, `slack:fields.${field.arg}.options.${word}`), 75)),
      value: word,
    });
    const options = (field.options ?? []).map(option);
    const chosen = initial && field.options?.includes(initial) ? option(initial) : undefined;
    return [
      withHint({
        ...base,
        element: {
          type: 'static_select',
          action_id: VALUE,
          options,
          ...(chosen ? { initial_option: chosen } : {}),
        },
      }),
    ];
  }
  const maxLength = Math.min(field.maxLength ?? INPUT_LIMIT, INPUT_LIMIT);
  return [
    withHint({
      ...base,
      element: {
        type: 'plain_text_input',
        action_id: VALUE,
        multiline: field.kind !== 'text',
        max_length: maxLength,
        ...(initial ? { initial_value: cutText(initial, maxLength) } : {}),
      },
    }),
  ];
}

type StateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;

/**
 * A field's value as the words the action's arguments read (the same as typed after `/mediation`):
 * undefined when left empty, so an optional argument stays unset and a required one is "obligatoire".
 */
export function readField(field: FormField, values: StateValues): string | string[] | undefined {
  const state = values[field.arg]?.[VALUE];
  if (field.kind === 'dateTime') {
    const date = state?.selected_date ?? undefined;
    const time = values[timeBlockOf(field.arg)]?.[VALUE]?.selected_time ?? undefined;
    if (!date) return undefined;
    // A day alone is the end of that day, Paris time (bots/mediator/dates.ts), like a typed date.
    return time ? `${date}T${time}` : date;
  }
  if (field.kind === 'select') return state?.selected_option?.value ?? undefined;
  const text = state?.value ?? '';
  if (field.kind === 'lines') {
    const lines = text
      .split('\n')
      .map((line: string) => line.trim())
      .filter(Boolean);
    return lines.length > 0 ? lines : undefined;
  }
  return text.trim() === '' ? undefined : text;
}

/** A moment as a date-and-time field shows it, in Paris time: `2026-03-20T18:00`. */
export function parisFieldValue(at: Date): string {
  const wall = parisWallTime(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${two(wall.month)}-${two(wall.day)}T${two(wall.hour)}:${two(wall.minute)}`;
}
