import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileItems } from '../../core/participants/completeness.ts';
import type { AmountRefusal } from '../../core/participants/money.ts';

const root = join(import.meta.dirname, '../..');
const load = (locale: string) =>
  JSON.parse(readFileSync(join(root, 'locales', locale, 'participants.json'), 'utf8')) as Record<
    string,
    unknown
  >;
const messages = { fr: load('fr'), en: load('en') };

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
  }
  return out;
}

const fr = flatten(messages.fr);
const en = flatten(messages.en);

/** A key exists if it is there as is, or as the plural forms i18next looks for. */
const has = (table: Map<string, string>, key: string) => table.has(key) || table.has(`${key}_other`);

const sources = ['core/participants', 'core/people']
  .flatMap((dir) => readdirSync(join(root, dir)).map((file) => join(root, dir, file)))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

const amountRefusals: AmountRefusal[] = [
  'notANumber',
  'negative',
  'zero',
  'tooManyDecimals',
  'tooLarge',
  'ambiguous',
];

const usedKeys = [
  ...[...sources.matchAll(/'participants:([\w.]+)'/g)].map((match) => match[1] ?? ''),
  ...[...sources.matchAll(/'(\w+Invalid)'/g)].map((match) => `errors.${match[1]}`),
  ...[...sources.matchAll(/step\('(\w+)'/g)].map((match) => `next.${match[1]}`),
  ...[...sources.matchAll(/(?:empty|tooShort|tooLong): '(\w+)'/g)].map((match) => `errors.${match[1]}`),
  ...amountRefusals.map((reason) => `errors.amount.${reason}`),
  ...fileItems.map((item) => `errors.incomplete.${item}`),
  ...fileItems.map((item) => `missing.${item}`),
  'errors.reasonTooShort',
  'errors.reasonTooLong',
];

describe('the participants texts', () => {
  it('exist in French and English for every key the code uses', () => {
    expect(usedKeys.length).toBeGreaterThan(60);
    const missing = usedKeys.filter((key) => !has(fr, key) || !has(en, key));
    expect(missing).toEqual([]);
  });

  it('have the same keys and the same {{values}} in both languages', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    const values = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((match) => match[1]).sort();
    for (const [key, text] of fr) expect([key, values(text)]).toEqual([key, values(en.get(key) ?? '')]);
  });

  it('follow French typography: a no-break space before : ; ! ? » and after «', () => {
    for (const [key, text] of fr) {
      expect([key, /[ ][:;!?»]|«[ ]/.test(text)]).toEqual([key, false]);
      expect([key, /[^\u00a0\u202f][;!?»]/.test(text.replace(/\{\{[^}]*\}\}/g, ''))]).toEqual([key, false]);
    }
  });
});
