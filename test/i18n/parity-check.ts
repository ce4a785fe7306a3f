import type { Locale } from '../../core/i18n/locale.ts';
import { type LocaleFiles, pluralSuffix } from '../../core/i18n/resources.ts';
import { flattenMessages, variablesOf } from './flatten.ts';

/** One key of one language, a plural group (`x_one`, `x_other`) counting as the single key `x`. */
interface Entry {
  forms: Set<string>;
  variables: Set<string>;
}

/**
 * Everything that differs between the French and English files: a file, key, plural form or
 * `{{variable}}` present in one language only. An empty list means the two languages match.
 */
export function findParityProblems(files: LocaleFiles): string[] {
  const problems: string[] = [];
  const namespaces = new Set([...Object.keys(files.fr), ...Object.keys(files.en)]);
  for (const ns of [...namespaces].sort()) {
    const fr = files.fr[ns];
    const en = files.en[ns];
    if (!fr || !en) {
      problems.push(`${ns}.json exists in ${fr ? 'fr' : 'en'} only`);
      continue;
    }
    const entries = { fr: entriesOf('fr', ns, fr, problems), en: entriesOf('en', ns, en, problems) };
    for (const key of new Set([...entries.fr.keys(), ...entries.en.keys()])) {
      const a = entries.fr.get(key);
      const b = entries.en.get(key);
      if (!a || !b) problems.push(`${ns}:${key} exists in ${a ? 'fr' : 'en'} only`);
      else compareEntries(`${ns}:${key}`, a, b, problems);
    }
  }
  return problems;
}

function entriesOf(locale: Locale, ns: string, messages: object, problems: string[]): Map<string, Entry> {
  const { texts, nonTexts } = flattenMessages(messages as Record<string, unknown>);
  for (const path of nonTexts) problems.push(`${locale}/${ns}.json: ${path} is not a text`);
  const entries = new Map<string, Entry>();
  for (const [path, text] of texts) {
    const plural = pluralSuffix.exec(path);
    const key = plural ? (plural[1] as string) : path;
    const entry = entries.get(key) ?? { forms: new Set(), variables: new Set() };
    entry.forms.add(plural ? (plural[2] as string) : 'singular');
    for (const name of variablesOf(text)) entry.variables.add(name);
    entries.set(key, entry);
  }
  return entries;
}

function compareEntries(key: string, fr: Entry, en: Entry, problems: string[]): void {
  for (const [here, there, mine, theirs] of [
    ['fr', 'en', fr, en],
    ['en', 'fr', en, fr],
  ] as const) {
    for (const form of mine.forms) {
      // A form only one language's grammar has (French `many`) is not expected from the other.
      if (!theirs.forms.has(form) && !ownForm(form, here, there)) {
        problems.push(`${key}${form === 'singular' ? ' (not plural)' : `_${form}`} exists in ${here} only`);
      }
    }
    const plural = !mine.forms.has('singular');
    for (const name of mine.variables) {
      // In a plural group `count` is always given; a language may spell "one" without it.
      if (!theirs.variables.has(name) && !(plural && name === 'count')) {
        problems.push(`${key}: {{${name}}} exists in ${here} only`);
      }
    }
  }
}

function ownForm(form: string, here: Locale, there: Locale): boolean {
  const categories = (locale: Locale) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return (
    categories(here).includes(form as Intl.LDMLPluralRule) &&
    !categories(there).includes(form as Intl.LDMLPluralRule)
  );
}
