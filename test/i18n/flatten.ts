import { isMessages, type Messages } from '../../core/i18n/resources.ts';

/** Every text of a namespace file by its dotted path (`notify.voteOpened`); leaves that are not text are listed apart. */
export function flattenMessages(
  messages: Messages,
  prefix = '',
): { texts: Map<string, string>; nonTexts: string[] } {
  const texts = new Map<string, string>();
  const nonTexts: string[] = [];
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') texts.set(path, value);
    else if (isMessages(value)) {
      const inner = flattenMessages(value, path);
      for (const [innerPath, text] of inner.texts) texts.set(innerPath, text);
      nonTexts.push(...inner.nonTexts);
    } else nonTexts.push(path);
  }
  return { texts, nonTexts };
}

/** The names interpolated by a text: `{{amount}}`, `{{when, datetime}}` and `{{- name}}` give `amount`, `when`, `name`. */
export function variablesOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{-?\s*([^\s,}]+)[^}]*\}\}/g)].map((match) => match[1] as string));
}
