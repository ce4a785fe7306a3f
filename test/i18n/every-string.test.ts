import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, type Locale, locales, t } from '../../core/i18n/index.ts';
import { pluralSuffix, readLocaleFiles } from '../../core/i18n/resources.ts';
import { flattenMessages, variablesOf } from './flatten.ts';
import { findTypographyProblems } from './typography-check.ts';

/**
 * Issue 13: every text of every language, rendered with sample values (counts 0, 1, 2 and 12 345,
 * amounts over a thousand euros, dates on the 1st of a month at 8:58), read for the faults a
 * person notices at once. Variables are sorted by what the code passes them: a count (a number),
 * an amount or a date already formatted (a string), or a raw date given to `{{x, datetime}}`.
 */
const countNames = new Set([
  'count',
  'abstain',
  'accept',
  'refuse',
  'silent',
  'adhered',
  'declined',
  'admitted',
  'submitted',
  'electorate',
  'voted',
  'draft',
  'rejected',
  'withdrawn',
  'files',
  'mediations',
  'entries',
  'CONFIRMED',
  'PENDING',
  'PROBLEM',
  'SENT',
  'auditEntries',
  'cancelled',
  'closed',
  'failed',
  'succeeded',
  'days',
  'identities',
  'messages',
  'toMediators',
  'total',
  'undecided',
  'waiting',
  'turnout',
  'minAdhesions',
  'max',
  'min',
  'maxDays',
  'minDays',
  'maxMb',
  'maxMegabytes',
  'minutes',
  'length',
  'number',
  'last',
  'page',
  'pages',
  'round',
  'idleDays',
  'evidence',
  'percent',
  'cap',
  'acceptShare',
  'turnoutShare',
  'quorumPercent',
  'thresholdPercent',
]);
const moneyNames = new Set(['amount', 'claimed', 'compensation', 'yourAmount']);
const dateNames = new Set([
  'at',
  'closedAt',
  'closesAt',
  'answerDueAt',
  'dueDate',
  'endsBy',
  'exportedAt',
  'invitedAt',
  'joinedAt',
  'sentAt',
  'due',
  'closes',
  'latest',
]);

/** The 1st of February at 8:58 in Paris: the two cases French writes its own way (« 1er », « 8 h 58 »). */
const sampleDate = new Date('2027-02-01T07:58:00Z');

function sampleParams(text: string, locale: Locale, n: number): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const match of text.matchAll(/\{\{-?\s*([^\s,}]+)\s*(?:,\s*([^}]+))?\}\}/g)) {
    const [, name = '', format = ''] = match;
    if (/date|time/.test(format)) params[name] = sampleDate.toISOString();
    else if (format.startsWith('money')) params[name] = 123456789;
    else if (countNames.has(name) || format.startsWith('number')) params[name] = n;
    else if (moneyNames.has(name)) params[name] = formatMoney(123456789, locale);
    else if (dateNames.has(name)) params[name] = formatDateTime(sampleDate, locale);
    else params[name] = 'Texte';
  }
  // Nested texts (`$t(ns:key, {"count": {{x}} })`) and plural groups read `count` too.
  params.count ??= n;
  return params;
}

/** Words French and English write the same in the singular and the plural, or that are not nouns. */
const invariable = new Set([
  'fois',
  'mois',
  'après',
  'sans',
  'sur',
  'dans',
  'plus',
  'pas',
  'jusqu',
  'is',
  'was',
  'has',
  'as',
  'us',
]);

/** A year is written without a space: after a month, « en », « année », « de » (« rapport de 2026 »). */
const yearContext =
  /(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|en|année|de|exemple)\s$/;

/** What a French text rendered with sample values gets wrong. */
export function frenchFaults(text: string): string[] {
  const faults: string[] = [];
  if (/\((?:e?s|·?e?s)\)/.test(text)) faults.push('plural written « (s) »');
  for (const match of text.matchAll(/(?<![\d,.\u202f\u00a0])\b([01])[\u00a0\u202f ]+([\p{L}·’-]+)/gu)) {
    const word = (match[2] as string).toLowerCase();
    if (/(s|x|·es)$/.test(word) && !invariable.has(word))
      faults.push(`« ${match[1]} ${match[2]} »: French writes 0 and 1 in the singular`);
  }
  for (const match of text.matchAll(/\d+(?:[ ,.]\d+)*/g)) {
    const digits = match[0];
    const before = text.slice(0, match.index);
    const after = text[match.index + digits.length] ?? '';
    // Dates and codes to type (`15/03/2026`, `2026-03-20`, `ABCD-2345`) and what a person is quoted
    // typing (« 1234 ») are written as typed.
    const typed = /[-/\p{L}]$/u.test(before) || /[-/T]/.test(after);
    const quoted = (before.match(/«/g)?.length ?? 0) > (before.match(/»/g)?.length ?? 0);
    if (typed || quoted) continue;
    if (/\d \d{3}/.test(digits)) faults.push(`« ${digits} »: digit groups need a no-break space`);
    for (const run of digits.match(/\d{4,}/g) ?? []) {
      const isYear = /^(19|20)\d\d$/.test(run) && (run !== digits ? false : yearContext.test(before));
      if (!isYear) faults.push(`« ${run} »: French groups digits over 999 (« 2 000 »)`);
    }
  }
  if (/\b\d{1,2}:\d{2}\b/.test(text)) faults.push('a time written « 8:58 » (French: « 8 h 58 »)');
  if (text.includes("'")) faults.push('a straight apostrophe (French uses ’)');
  faults.push(...findTypographyProblems(text));
  return faults;
}

export function englishFaults(text: string): string[] {
  const faults: string[] = [];
  if (/\((?:e?s)\)/.test(text)) faults.push('plural written « (s) »');
  for (const match of text.matchAll(/(?<![\d,.])\b(1)[\u00a0\u202f ]+([\p{L}’-]+)/gu)) {
    const word = (match[2] as string).toLowerCase();
    if (/s$/.test(word) && !invariable.has(word)) faults.push(`« 1 ${match[2]} »: one takes the singular`);
  }
  return faults;
}

/** Every text key of a language, a plural group counted once by its base key. */
function everyKey(locale: Locale): { key: string; text: string }[] {
  const keys = new Map<string, string>();
  for (const [ns, messages] of Object.entries(readLocaleFiles()[locale])) {
    for (const [path, text] of flattenMessages(messages).texts) {
      const base = pluralSuffix.exec(path)?.[1] ?? path;
      keys.set(`${ns}:${base}`, `${keys.get(`${ns}:${base}`) ?? ''} ${text}`);
    }
  }
  return [...keys].map(([key, text]) => ({ key, text }));
}

describe('every French and English text, rendered with sample values', () => {
  for (const locale of locales) {
    it(`reads like a careful writer in ${locale}`, () => {
      const faults: string[] = [];
      for (const { key, text } of everyKey(locale)) {
        for (const n of [0, 1, 2, 12345]) {
          const rendered = t(locale, key, sampleParams(text, locale, n));
          const found = locale === 'fr' ? frenchFaults(rendered) : englishFaults(rendered);
          for (const fault of new Set(found))
            faults.push(`${locale} ${key} (n=${n}): ${fault} — ${rendered.slice(0, 160)}`);
        }
      }
      expect([...new Set(faults)]).toEqual([]);
    });
  }
});

describe('the check itself', () => {
  it('finds each fault the issue quotes', () => {
    expect(frenchFaults('0 abstention(s), sur 1 votants possibles')).toHaveLength(2);
    expect(frenchFaults('sur 1 votant·es possibles')).toHaveLength(1);
    expect(frenchFaults('(1 bulletins)')).toHaveLength(1);
    expect(frenchFaults('jusqu’à 2000 caractères')).toHaveLength(1);
    expect(frenchFaults('jusqu’à 2 000 caractères')).toHaveLength(1);
    expect(frenchFaults('clôture à 08:58')).toHaveLength(1);
    expect(frenchFaults("jusqu’à demain")).toHaveLength(1);
    expect(frenchFaults('Objectif : rien')).toHaveLength(1);
    expect(englishFaults('1 ballots cast')).toHaveLength(1);
  });

  it('accepts what French writes well', () => {
    for (const text of [
      'jusqu’à 2\u202f000 caractères, le 1er février 2027 à 8\u00a0h\u00a058',
      '0\u00a0abstention, 1 votant·e possible, 1 fois, 12\u202f345,67\u00a0€',
      'Objectif\u00a0: « \u00a0x\u00a0»'.replace('« \u00a0', '«\u00a0'),
    ]) {
      expect(frenchFaults(text), text).toEqual([]);
    }
    expect(formatDate(sampleDate, 'fr')).toBe('1er février 2027');
  });
});
