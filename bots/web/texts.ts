import { type Locale, locales, t } from '../../core/i18n/index.ts';

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
