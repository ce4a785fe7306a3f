/** Everything a person reads is produced here, from `locales/<lang>/<namespace>.json`. */
export {
  continueAfterColon,
  displayTimeZone,
  formatDate,
  formatDateTime,
  formatList,
  formatMoney,
  formatNumber,
  formatTime,
  formatTimeLeft,
} from './format.ts';
export { defaultLocale, isLocale, type Locale, locales, negotiateLocale } from './locale.ts';
export { type NotificationPayload, renderError, renderNotification } from './render.ts';
export { createTranslator, defaultTranslator, type TextParams, type Translator, t } from './translator.ts';
