import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, type Locale, locales, t } from '../../core/i18n/index.ts';
import { pluralSuffix, readLocaleFiles } from '../../core/i18n/resources.ts';
import { flattenMessages } from './flatten.ts';
import { englishFaults, frenchFaults } from './writing-check.ts';

/**
 * Issue 13: every text of every language, rendered with sample values (counts 0, 1, 2 and 12 345,
 * amounts over a thousand euros, dates on the 1st of a month at 8:58), read for the faults a
 * person notices at once. Variables are sorted by what the code passes them: a count (a number),
 * an amount or a date already formatted (a string), or a raw date given to `{{x, datetime}}`.
 */
/**
 * Variables that hold words (a title, a reason, a list already written out). Every other variable that is
 * not an amount or a date is rendered as a count, so a new count is checked as one without being listed.
 */
const wordNames = new Set([
  'action',
  'agreement',
  'answer',
  'answers',
  'argument',
  'base',
  'candidates',
  'channel',
  'choice',
  'code',
  'command',
  'company',
  'companyName',
  'complaint',
  'contact',
  'controller',
  'decision',
  'description',
  'digest',
  'directory',
  'email',
  'extra',
  'field',
  'file',
  'folder',
  'from',
  'goal',
  'greeting',
  'hash',
  'headHash',
  'id',
  'items',
  'lang',
  'left',
  'locale',
  'lockFile',
  'mediator',
  'message',
  'month',
  'name',
  'note',
  'option',
  'outcome',
  'path',
  'payout',
  'payouts',
  'person',
  'pid',
  'platform',
  'platforms',
  'problem',
  'question',
  'quorum',
  'quorumFraction',
  'reason',
  'receipt',
  'ref',
  'resultsSha256',
  'retention',
  'seq',
  'slug',
  'status',
  'subject',
  'summary',
  'tally',
  'terms',
  'text',
  'thresholdFraction',
  'title',
  'to',
  'usage',
  'word',
  'words',
  'year',
]);
const moneyNames = new Set(['amount', 'claimed', 'compensation', 'yourAmount']);
const dateNames = new Set([
  'date',
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
    else if (moneyNames.has(name)) params[name] = formatMoney(123456789, locale);
    else if (dateNames.has(name)) params[name] = formatDateTime(sampleDate, locale);
    else if (wordNames.has(name) && !format.startsWith('number')) params[name] = 'Texte';
    else params[name] = n;
  }
  // Nested texts (`$t(ns:key, {"count": {{x}} })`) and plural groups read `count` too.
  params.count ??= n;
  return params;
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

describe('the commands an English text names', () => {
  it('are the English names, never the French ones', () => {
    const english = readLocaleFiles().en.commands as { names: Record<string, string> };
    const french = Object.keys(english.names).filter((name) => english.names[name] !== name);
    const faults: string[] = [];
    for (const { key, text } of everyKey('en')) {
      const rendered = t('en', key, sampleParams(text, 'en', 2));
      for (const [, name = ''] of rendered.matchAll(/(?:^|[\s(«“"'])\/([a-z]+)\b/g))
        if (french.includes(name)) faults.push(`${key}: /${name} — ${rendered.slice(0, 120)}`);
    }
    expect(faults).toEqual([]);
  });
});

describe('the check itself', () => {
  it('finds each fault the issue quotes', () => {
    expect(frenchFaults('0 abstention(s), sur 1 votants possibles')).toHaveLength(2);
    expect(frenchFaults('sur 1 votant·es possibles')).toHaveLength(1);
    expect(frenchFaults('(1 bulletins)')).toHaveLength(1);
    expect(frenchFaults('jusqu’à 2000 caractères')).toHaveLength(1);
    expect(frenchFaults('jusqu’à 2 000 caractères')).toHaveLength(1);
    expect(frenchFaults('clôture à 08:58')).toHaveLength(1);
    expect(frenchFaults('jusqu\u0027à demain')).toHaveLength(1);
    expect(frenchFaults('Objectif : rien')).toHaveLength(1);
    expect(englishFaults('1 ballots cast')).toHaveLength(1);
  });

  it('renders a variable it has never seen as a count', () => {
    const params = sampleParams('Encore {{justAdded}} dossiers', 'fr', 1);
    expect(params.justAdded).toBe(1);
    expect(frenchFaults(`Encore ${params.justAdded} dossiers`)).toHaveLength(1);
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
