import { defaultLocale, type Locale, locales, t } from '../../core/i18n/index.ts';

/** What a page needs to speak its language: the locale, its texts, and its links. */
export interface PageTexts {
  locale: Locale;
  t(key: string, params?: Record<string, unknown>): string;
  /** The path of a page of the site in this language: `href('/mediations/x')` → `/fr/mediations/x`. */
  href(path: string): string;
}

export function pageTexts(locale: Locale): PageTexts {
  return {
    locale,
    t: (key, params) => t(locale, key.includes(':') ? key : `web:${key}`, params as never),
    href: (path) => `/${locale}${path === '/' ? '/' : path}`,
  };
}

/** The other language's version of the same page. */
export function otherLocale(locale: Locale): Locale {
  return locales.find((other) => other !== locale) ?? locale;
}

/** `/fr/...` or `/en/...`: the language a path asks for. */
export function localeOfPath(segment: string | undefined): Locale | undefined {
  return locales.find((locale) => locale === segment);
}

/** The texts of the language a path's first segment names (`fr`, `en`), or undefined. */
export function textsOf(segment: string | undefined): PageTexts | undefined {
  const locale = localeOfPath(segment);
  return locale ? pageTexts(locale) : undefined;
}

/** The texts of the language a request's path starts with (`/fr/…`), French for any other path. */
export function textsOfPath(path: string): PageTexts {
  return textsOf(path.split('/')[1]) ?? pageTexts(defaultLocale);
}

/** A slug as mediators write them: anything else is no page (and never reaches the database). */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
