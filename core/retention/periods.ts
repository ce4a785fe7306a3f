/**
 * How long each kind of personal data is kept, as the privacy notice states it (`/confidentialite`,
 * RGPD art. 5(1)(e) and 13(2)(a)). The complaint files' period, counted from a mediation's close, is a
 * setting (`RETENTION_MONTHS`, `PrivacySettings.retentionMonths`); the others are fixed here.
 */

/** A conversation step nobody came back to: the draft answers it holds are forgotten. */
export const IDLE_CONVERSATION_DAYS = 30;

/** The instant `months` calendar months before `now` (the retention cut-off). */
export function monthsBefore(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}
