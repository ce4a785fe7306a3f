import i18next, { type i18n } from 'i18next';
import {
  continueAfterColon,
  formatDate,
  formatDateTime,
  formatList,
  formatMoney,
  formatNumber,
  formatTime,
} from './format.ts';
import { defaultLocale, isLocale, type Locale, locales } from './locale.ts';
import {
  type LocaleFiles,
  localesDir,
  readLocaleFiles,
  withAllPluralForms,
  withRawNestedValues,
} from './resources.ts';

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
        Object.entries(files[locale]).map(([ns, messages]) => [
          ns,
          withRawNestedValues(withAllPluralForms(messages, locale)),
        ]),
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
  // A text without parameters is the same every time: buttons and headings are rendered at every
  // message, and i18next resolves a key anew at each call. Keys come from the code, so this stays small.
  const withoutParams = new Map<string, string>();
  return {
    namespaces,
    t: (locale, key, params) => {
      if (params) return String(instance.t(key, { ...params, lng: locale }));
      const id = `${locale}\u0000${key}`;
      let text = withoutParams.get(id);
      if (text === undefined) {
        text = String(instance.t(key, { lng: locale }));
        if (withoutParams.size < MAX_REMEMBERED_TEXTS) withoutParams.set(id, text);
      }
      return text;
    },
    hasText: (locale, key) => {
      const [ns, path] = splitKey(key);
      return ['', '_other'].some(
        (suffix) => typeof instance.getResource(locale, ns, `${path}${suffix}`) === 'string',
      );
    },
  };
}

/**
 * The formats a locale file may ask for: `{{amount, money}}`, `{{day, date}}`, `{{when, datetime}}`,
 * `{{when, time}}`, `{{ms, duration}}`, `{{names, list}}`, `{{goal, afterColon}}`; dates in Paris
 * time. Every other number is written as a count (`12 345` in French): no text can print a raw one.
 */
function registerFormatters(instance: i18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) throw new Error('i18next started without its formatter');
  const localeOf = (lng: string | undefined): Locale => (isLocale(lng) ? lng : defaultLocale);
  formatter.add('money', (value, lng) => formatMoney(Number(value), localeOf(lng)));
  formatter.add('number', (value, lng) => formatNumber(Number(value), localeOf(lng)));
  formatter.add('date', (value, lng) => formatDate(value, localeOf(lng)));
  formatter.add('time', (value, lng) => formatTime(value, localeOf(lng)));
  // Replaces i18next's own `datetime`, which would use the server's time zone.
  formatter.add('datetime', (value, lng) => formatDateTime(value, localeOf(lng)));
  formatter.add('list', (value, lng) =>
    Array.isArray(value) ? formatList(value.map(String), localeOf(lng)) : String(value),
  );
  // Inside a nested text's options (`$t(key, {"count": {{n}} })`) a number must stay JSON: see resources.ts.
  formatter.add('raw', (value) => value);
  formatter.add('afterColon', (value, lng) => continueAfterColon(String(value), localeOf(lng)));
  // A `{{count}}` with no format is still a number a person reads: format it too. i18next reads
  // `alwaysFormat` from its options and keeps the format function it was built with on itself.
  const interpolator = instance.services.interpolator as unknown as {
    format: (value: unknown, format: string | undefined, lng: string | undefined, options: object) => unknown;
    alwaysFormat: boolean;
  };
  const formatWith = interpolator.format.bind(interpolator);
  interpolator.format = (value, format, lng, options) => {
    if (format) return formatWith(value, format, lng, options);
    return typeof value === 'number' ? formatNumber(value, localeOf(lng)) : value;
  };
  interpolator.alwaysFormat = true;
}

/** Far more than the locale files hold: a key built from outside input could not fill memory. */
const MAX_REMEMBERED_TEXTS = 10_000;

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
