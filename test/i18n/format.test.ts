import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, negotiateLocale } from '../../core/i18n/index.ts';

describe('amounts', () => {
  it('are written the French way, with the spaces that keep them on one line', () => {
    // U+202F between thousands, U+00A0 before the euro sign: exactly what Intl produces for fr-FR.
    expect(formatMoney(123456, 'fr')).toBe('1\u202f234,56\u00a0€');
    expect(formatMoney(5, 'fr')).toBe('0,05\u00a0€');
    expect(formatMoney(100_000_000, 'fr')).toBe('1\u202f000\u202f000,00\u00a0€');
  });

  it('are written the English way in English', () => {
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
    expect(formatMoney(-250, 'en')).toBe('-€2.50');
  });
});

describe('dates and times', () => {
  it('are shown in Paris time, winter and summer alike', () => {
    // Paris moves from UTC+1 to UTC+2 on 29 March 2026 at 01:00 UTC.
    expect(formatDateTime('2026-03-28T12:00:00Z', 'fr')).toBe('28 mars 2026 à 13:00');
    expect(formatDateTime('2026-03-29T12:00:00Z', 'fr')).toBe('29 mars 2026 à 14:00');
    expect(formatDateTime(new Date('2026-10-25T12:00:00Z'), 'en')).toBe('25 October 2026 at 13:00');
  });

  it('give the Paris day, not the UTC one, near midnight', () => {
    expect(formatDate('2026-03-28T23:30:00Z', 'fr')).toBe('29 mars 2026');
    expect(formatDate('2026-07-14T22:30:00Z', 'en')).toBe('15 July 2026');
  });

  it('refuse something that is not a date rather than print "Invalid Date"', () => {
    expect(() => formatDateTime('not a date', 'fr')).toThrow(RangeError);
  });
});

describe('choosing the language to speak', () => {
  it('prefers the saved choice, then the platform language, then French', () => {
    expect(negotiateLocale({ saved: 'en', platformLanguage: 'fr-FR' })).toBe('en');
    expect(negotiateLocale({ saved: 'fr', platformLanguage: 'en-US' })).toBe('fr');
    expect(negotiateLocale({ saved: null, platformLanguage: 'en-US' })).toBe('en');
    expect(negotiateLocale({ platformLanguage: 'EN_gb' })).toBe('en');
    expect(negotiateLocale({ platformLanguage: 'fr' })).toBe('fr');
    expect(negotiateLocale({ saved: 'xx', platformLanguage: 'de' })).toBe('fr');
    expect(negotiateLocale({})).toBe('fr');
  });

  it('falls back to the configured default when given one', () => {
    expect(negotiateLocale({ platformLanguage: 'de', fallback: 'en' })).toBe('en');
  });
});
