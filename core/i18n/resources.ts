import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Locale, locales } from './locale.ts';

/** The parsed content of one namespace file: nested objects whose leaves are texts. */
export type Messages = { [key: string]: unknown };
/** Every namespace file of every language, as read from disk: `files.fr.votes` is `locales/fr/votes.json`. */
export type LocaleFiles = Record<Locale, Record<string, Messages>>;

export const localesDir = fileURLToPath(new URL('../../locales/', import.meta.url));

/**
 * Reads every `locales/<lang>/<namespace>.json` at once, synchronously: the texts are part of the
 * program, so a missing folder or a broken file must stop start-up, not the first message sent.
 */
export function readLocaleFiles(dir: string = localesDir): LocaleFiles {
  const files = {} as LocaleFiles;
  for (const locale of locales) {
    files[locale] = {};
    for (const fileName of readdirSync(join(dir, locale)).sort()) {
      if (!fileName.endsWith('.json')) continue;
      const path = join(dir, locale, fileName);
      try {
        files[locale][fileName.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`Cannot read the locale file ${path}: ${(error as Error).message}`);
      }
    }
  }
  return files;
}

export const pluralSuffix = /^(.+)_(zero|one|two|few|many|other)$/;

/**
 * Returns a copy where every plural group has all the forms its language needs. CLDR gives French a
 * `many` form (« 1 000 000 de… »), and i18next treats a missing form as a missing key instead of
 * falling back to `_other`, so a French text written with `_one`/`_other` only would show its key.
 */
export function withAllPluralForms(messages: Messages, locale: Locale): Messages {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const copy: Messages = {};
  for (const [key, value] of Object.entries(messages)) {
    copy[key] = isMessages(value) ? withAllPluralForms(value, locale) : value;
  }
  for (const key of Object.keys(messages)) {
    const base = pluralSuffix.exec(key)?.[2] === 'other' ? key.slice(0, -'_other'.length) : undefined;
    // Ordinal forms (`_ordinal_one`) follow other rules; they are left as written.
    if (!base || base.endsWith('_ordinal')) continue;
    for (const category of categories) copy[`${base}_${category}`] ??= messages[key];
  }
  return copy;
}

export function isMessages(value: unknown): value is Messages {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every number a text interpolates is written for people (`12 345`, see translator.ts), but a number
 * handed to a nested text, `$t(votes:count.abstentions, {"count": {{abstain}} })`, is read as JSON
 * and chooses the plural form: there it is passed raw, and the nested text formats it.
 */
export function withRawNestedValues(messages: Messages): Messages {
  const copy: Messages = {};
  for (const [key, value] of Object.entries(messages)) {
    if (isMessages(value)) copy[key] = withRawNestedValues(value);
    else if (typeof value === 'string') copy[key] = value.replace(/\$t\([^)]*\)/g, rawVariables);
    else copy[key] = value;
  }
  return copy;
}

const rawVariables = (nested: string) => nested.replace(/\{\{\s*([^\s,}]+)\s*\}\}/g, '{{$1, raw}}');
