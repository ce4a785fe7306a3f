import { mediationPath, resultsPath } from '../../bots/web/paths.ts';
import type { Core } from '../../core/core.ts';
import { type Locale, locales } from '../../core/i18n/index.ts';

export interface SitePage {
  locale: Locale;
  /** The page's address on the site: `/fr/mediations/kuvera`. */
  path: string;
}

/**
 * Every page the public site has for the records of this core, in every language: what the browser
 * tests visit and the personal-data test searches. Found through the same public queries the pages
 * use, so a mediation, a year or a company that gains a page is visited without a test naming it.
 * A new kind of page is one more line in `pathsOf`.
 */
export async function sitePages(core: Core): Promise<SitePage[]> {
  const paths = await pathsOf(core);
  return locales.flatMap((locale) => paths.map((path) => ({ locale, path: `/${locale}${path}` })));
}

/** The pages of one language, as paths after the language (`texts.href` takes the same). */
async function pathsOf(core: Core): Promise<string[]> {
  const mediations = await core.query.publicMediations();
  const { years } = await core.query.publicReportYears();
  const companies = new Set(mediations.map((mediation) => mediation.company.slug));
  // A vote has a results page once closed with an outcome (a voided one, replaced while it ran, has none).
  const results: string[] = [];
  for (const { slug } of mediations) {
    for (const vote of (await core.query.publicMediation({ slug }))?.votes ?? []) {
      if (vote.outcome === 'ACCEPTED' || vote.outcome === 'REJECTED')
        results.push(resultsPath(slug, vote.round));
    }
  }
  return [
    '/',
    ...mediations.map((mediation) => mediationPath(mediation.slug)),
    ...results,
    '/report',
    ...years.map((year) => `/report/${year}`),
    ...[...companies].map((slug) => `/companies/${slug}`),
    '/privacy',
    '/legal',
  ];
}
