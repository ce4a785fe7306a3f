import { HOUR, MINUTE } from '../../../core/clock/clock.ts';
import type { Locale } from '../../../core/i18n/index.ts';

/**
 * « dans 2 jours », « dans 5 heures », « dans 40 minutes » ("in 2 days"…): how long until a deadline,
 * in the largest unit that still reads whole (days from 2 days on, hours from 2 hours on). Rounded
 * down, so it never promises more time than is left. Intl words it and chooses each plural.
 */
export function timeLeft(until: Date, now: Date, locale: Locale): string {
  const ms = Math.max(0, until.getTime() - now.getTime());
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  if (ms >= 48 * HOUR) return words.format(Math.floor(ms / (24 * HOUR)), 'day');
  if (ms >= 2 * HOUR) return words.format(Math.floor(ms / HOUR), 'hour');
  return words.format(Math.max(1, Math.floor(ms / MINUTE)), 'minute');
}
