import i18next, { type i18n } from 'i18next';
import { formatDate, formatDateTime, formatMoney } from './format.ts';
import { defaultLocale, isLocale, type Locale, locales } from './locale.ts';
import { type LocaleFiles, localesDir, readLocaleFiles, withAllPluralForms } from './resources.ts';

export type TextParams = Record<string, string | number>;

export interface Translator {
  /** The text of `namespace:path.to.key` in this language (French when the language lacks it). */
  t(locale: Locale, key: string, params?: TextParams): string;
  /** Whether this language itself has the text (no fallback), counting a plural group as one text. */
  hasText(locale: Locale, key: string): boolean;
  namespaces: readonly string[];
}

/**
 * One i18next instance over every locale file. Each file of `locales/<lang>/` is a namespace; texts
 * are addressed as `namespace:key` (`votes:notify.voteOpened`), `common` being the default namespace.
 */
export function createTranslator(options: { dir?: string; files?: LocaleFiles } = {}): Translator {
  const files = options.files ?? readLocaleFiles(options.dir ?? localesDir);
  const namespaces = [...new Set(locales.flatMap((locale) => Object.keys(files[locale])))].sort();
  const resources = Object.fromEntries(
    locales.map((locale) => [
      locale,
      Object.fromEntries(
        Object.entries(files[locale]).map(([ns, messages]) => [ns, withAllPluralForms(messages, locale)]),
      ),
    ]),
  );
  const instance = i18next.createInstance();
  // Resources are in memory and `initAsync: false` makes `init` finish before it returns.
  void instance.init({
    resources,
    lng: defaultLocale,
    fallbackLng: defaultLocale,
    supportedLngs: [...locales],
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    // Texts go to chat platforms, not to HTML: each adapter escapes for its own markup.
    interpolation: { escapeValue: false },
  });
  registerFormatters(instance);
  return {
    namespaces,
    t: (locale, key, params) => String(instance.t(key, { ...params, lng: locale })),
    hasText: (locale, key) => {
      const [ns, path] = splitKey(key);
      return ['', '_other'].some(
        (suffix) => typeof instance.getResource(locale, ns, `${path}${suffix}`) === 'string',
      );
    },
  };
}

/** `{{amount, money}}`, `{{day, date}}`, `{{when, datetime}}` in a locale file; dates in Paris time. */
function registerFormatters(instance: i18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) throw new Error('i18next started without its formatter');
  const localeOf = (lng: string | undefined): Locale => (isLocale(lng) ? lng : defaultLocale);
  formatter.add('money', (value, lng) => formatMoney(Number(value), localeOf(lng)));
  formatter.add('date', (value, lng) => formatDate(value, localeOf(lng)));
  // Replaces i18next's own `datetime`, which would use the server's time zone.
  formatter.add('datetime', (value, lng) => formatDateTime(value, localeOf(lng)));
}

export function splitKey(key: string): [namespace: string, path: string] {
  const colon = key.indexOf(':');
  return colon < 0 ? ['common', key] : [key.slice(0, colon), key.slice(colon + 1)];
}

let shared: Translator | undefined;

/** The translator over `locales/`, read once on first use. */
export function defaultTranslator(): Translator {
  shared ??= createTranslator();
  return shared;
}

export function t(locale: Locale, key: string, params?: TextParams): string {
  return defaultTranslator().t(locale, key, params);
}
