import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../core/i18n/resources.ts';
import { flattenMessages } from './flatten.ts';
import { findTypographyProblems } from './typography-check.ts';

const nbsp = '\u00a0';
const narrow = '\u202f';

describe('French typography in every French text', () => {
  it('puts a no-break space before : ; ! ? and inside « »', () => {
    const problems: string[] = [];
    for (const [ns, messages] of Object.entries(readLocaleFiles().fr)) {
      for (const [key, text] of flattenMessages(messages).texts) {
        for (const problem of findTypographyProblems(text)) problems.push(`fr/${ns}.json ${key}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the typography check itself', () => {
  it('accepts both no-break spaces, times, URLs, variables and nested keys', () => {
    for (const text of [
      `Vote ouvert${nbsp}! Fin à 14:00${narrow}; répondez${nbsp}?`,
      `Montant${nbsp}: {{amount, money}}, à {{when, datetime}}`,
      `Guide${nbsp}: https://example.org/aide?lang=fr`,
      `La médiation est «${nbsp}$t(common:mediationStatus.{{from}})${narrow}»`,
      `Vraiment${nbsp}?!`,
    ]) {
      expect(findTypographyProblems(text), text).toEqual([]);
    }
  });

  it('refuses an ordinary space, no space, or a bare guillemet', () => {
    expect(findTypographyProblems('Attention : vote ouvert')).toHaveLength(1);
    expect(findTypographyProblems('Vote ouvert!')).toHaveLength(1);
    expect(findTypographyProblems(`Bonjour {{name}}${nbsp}; ça va ?`)).toHaveLength(1);
    expect(findTypographyProblems('Statut : « ouvert »')).toHaveLength(3);
    expect(findTypographyProblems('{{name}}?')[0]).toMatch(/before “\?”/);
  });
});
