import { describe, expect, it } from 'vitest';
import {
  continueAfterColon,
  formatDate,
  formatDateTime,
  formatList,
  formatMoney,
  formatNumber,
  formatTime,
  formatTimeLeft,
  negotiateLocale,
} from '../../core/i18n/index.ts';

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
    expect(formatDateTime('2026-03-28T12:00:00Z', 'fr')).toBe('28 mars 2026 à 13\u00a0h');
    expect(formatDateTime('2026-03-29T12:00:00Z', 'fr')).toBe('29 mars 2026 à 14\u00a0h');
    expect(formatDateTime(new Date('2026-10-25T12:00:00Z'), 'en')).toBe('October 25, 2026 at 1:00 PM');
  });

  it('give the Paris day, not the UTC one, near midnight', () => {
    expect(formatDate('2026-03-28T23:30:00Z', 'fr')).toBe('29 mars 2026');
    expect(formatDate('2026-07-14T22:30:00Z', 'en')).toBe('July 15, 2026');
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

describe('the French way of writing dates, times and counts (issue 13)', () => {
  const nbsp = '\u00a0';
  it('writes the first of the month as an ordinal and times as « 8 h 58 », « 8 h » on the hour', () => {
    expect(formatDateTime('2027-02-01T07:58:00Z', 'fr')).toBe(`1er février 2027 à 8${nbsp}h${nbsp}58`);
    expect(formatDateTime('2027-02-01T08:00:00Z', 'fr')).toBe(`1er février 2027 à 9${nbsp}h`);
    expect(formatDate('2027-02-11T08:00:00Z', 'fr')).toBe('11 février 2027');
    expect(formatTime('2027-07-01T22:05:00Z', 'fr')).toBe(`0${nbsp}h${nbsp}05`);
  });

  it('writes English the way the product shows it', () => {
    expect(formatDateTime('2027-02-01T07:58:00Z', 'en')).toBe('February 1, 2027 at 8:58 AM');
  });

  it('groups digits with a narrow no-break space in French', () => {
    expect(formatNumber(2000, 'fr')).toBe('2\u202f000');
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(999, 'fr')).toBe('999');
  });

  it('says the time left before a deadline, rounded down', () => {
    const now = new Date('2027-02-01T07:58:00Z');
    const later = (ms: number) => new Date(now.getTime() + ms);
    const hour = 3_600_000;
    expect(formatTimeLeft(later(2 * 24 * hour + 5 * hour), now, 'fr')).toBe('dans 2\u00a0jours');
    expect(formatTimeLeft(later(47 * hour), now, 'fr')).toBe('dans 47\u00a0heures');
    expect(formatTimeLeft(later(90 * 60_000), now, 'en')).toBe('in 90 minutes');
    expect(formatTimeLeft(later(10_000), now, 'en')).toBe('in 1 minute');
  });

  it('lists and continues a sentence after a colon', () => {
    expect(formatList(['Telegram', 'Discord', 'Slack'], 'fr')).toBe('Telegram, Discord et Slack');
    expect(continueAfterColon('Cette médiation vise…', 'fr')).toBe('cette médiation vise…');
    expect(continueAfterColon('SFR doit…', 'fr')).toBe('SFR doit…');
  });
});
