import { describe, expect, it } from 'vitest';
import { createTranslator, t } from '../../core/i18n/index.ts';

const nbsp = '\u00a0';

/** A translator over two small in-memory files, to test i18next's setup apart from the real texts. */
const translator = createTranslator({
  files: {
    fr: {
      payouts: {
        sent: `Versement de {{amount, money}} envoyé le {{when, datetime}} (dossier du {{day, date}})`,
        people_one: '{{count}} personne',
        people_other: '{{count}} personnes',
        onlyFrench: 'Seulement en français',
      },
    },
    en: {
      payouts: {
        sent: 'Payment of {{amount, money}} sent on {{when, datetime}} (file of {{day, date}})',
        people_one: '{{count}} person',
        people_other: '{{count}} people',
      },
    },
  },
});

describe('the translator', () => {
  it('reads the real locale files, French by default', () => {
    expect(t('fr', 'common:appName')).toBe('Cessez-le-feu');
    expect(t('en', 'common:ballotChoice.ABSTAIN')).toBe('Abstain');
    expect(t('fr', 'common:ballotChoice.ABSTAIN')).toBe('M’abstenir');
  });

  it('formats money and Paris times inside texts', () => {
    const params = { amount: 123456, when: '2026-07-01T08:00:00Z', day: '2026-06-30T23:00:00Z' };
    expect(translator.t('fr', 'payouts:sent', params)).toBe(
      `Versement de 1\u202f234,56${nbsp}€ envoyé le 1er juillet 2026 à 10${nbsp}h (dossier du 1er juillet 2026)`,
    );
    expect(translator.t('en', 'payouts:sent', params)).toBe(
      'Payment of €1,234.56 sent on July 1, 2026 at 10:00 AM (file of July 1, 2026)',
    );
  });

  it('uses the right plural, including the French form for a million', () => {
    expect(translator.t('fr', 'payouts:people', { count: 0 })).toBe('0 personne');
    expect(translator.t('fr', 'payouts:people', { count: 2 })).toBe('2 personnes');
    // CLDR's French "many" form: without the filled-in form i18next would print the key.
    expect(translator.t('fr', 'payouts:people', { count: 1_000_000 })).toBe('1\u202f000\u202f000 personnes');
    expect(translator.t('en', 'payouts:people', { count: 1 })).toBe('1 person');
  });

  it('falls back to French for a text English lacks, and knows which language has it', () => {
    expect(translator.t('en', 'payouts:onlyFrench')).toBe('Seulement en français');
    expect(translator.hasText('fr', 'payouts:onlyFrench')).toBe(true);
    expect(translator.hasText('en', 'payouts:onlyFrench')).toBe(false);
    expect(translator.hasText('en', 'payouts:people')).toBe(true);
    expect(translator.hasText('en', 'payouts:nothing')).toBe(false);
  });

  it('never interpolates what a param contains', () => {
    const echoed = t('en', 'common:page', { page: '{{pages}}', pages: '$t(common:appName)' });
    expect(echoed).toBe('Page {{pages}} of $t(common:appName)');
  });
});
