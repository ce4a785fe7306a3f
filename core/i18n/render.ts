import type { NotificationParam } from '../commands/context.ts';
import type { CoreError } from '../domain/errors.ts';
import { formatDateTime, formatMoney } from './format.ts';
import type { Locale } from './locale.ts';
import { defaultTranslator, type TextParams, type Translator } from './translator.ts';

/** An outbox row's payload, as `core/commands/command.ts` writes it. */
export interface NotificationPayload {
  textKey: string;
  params?: Record<string, NotificationParam>;
  /** Ids for the adapters' buttons; they are not part of the text. */
  refs?: Record<string, string>;
}

/**
 * The text of a queued notification in the recipient's language. Params are resolved at delivery,
 * not when queued, so a person who changes language in between is still answered in theirs.
 */
export function renderNotification(
  locale: Locale,
  payload: NotificationPayload,
  translator: Translator = defaultTranslator(),
): string {
  const params: TextParams = {};
  for (const [name, value] of Object.entries(payload.params ?? {})) {
    params[name] = renderParam(locale, value);
  }
  return translator.t(locale, payload.textKey, params);
}

function renderParam(locale: Locale, value: NotificationParam): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('money' in value) return formatMoney(value.money, locale);
  if ('date' in value) return formatDateTime(value.date, locale);
  return value[locale];
}

/**
 * The explanation of a refusal in the person's language. A key with no text is our mistake, not
 * theirs: they get the generic apology rather than a raw key.
 */
export function renderError(
  locale: Locale,
  error: CoreError,
  translator: Translator = defaultTranslator(),
): string {
  const known = translator.hasText(locale, error.messageKey) || translator.hasText('fr', error.messageKey);
  const params: TextParams = { ...error.params };
  // Input checks name the field by its code path (`complaint.amountCents`): say it in words.
  if (typeof params.field === 'string') params.field = fieldLabel(locale, params.field, translator);
  return translator.t(locale, known ? error.messageKey : 'errors:internal', params);
}

function fieldLabel(locale: Locale, path: string, translator: Translator): string {
  for (const candidate of [path, path.split('.')[0], path.split('.').at(-1)]) {
    const key = `common:field.${candidate}`;
    if (candidate && translator.hasText(locale, key)) return translator.t(locale, key);
  }
  return translator.t(locale, 'common:field.other');
}
