import type { Hono } from 'hono';
import type { Core } from '../../../core/core.ts';
import { privacyOf } from '../../../core/deps.ts';
import { privacyIdentity, privacyNotice } from '../../../core/i18n/privacy-notice.ts';
import { AnnualReportPage } from '../pages/annual-report.tsx';
import { CompanyPage } from '../pages/company.tsx';
import { LegalPage } from '../pages/legal.tsx';
import { NotFoundPage } from '../pages/not-found.tsx';
import { PrivacyPage } from '../pages/privacy.tsx';
import { ReportYearsPage } from '../pages/report-years.tsx';
import { type PageTexts, slugPattern, textsOf } from '../texts.ts';

/**
 * The site's information pages (issue 14): the annual report (R614-2), each company's statistics, the
 * privacy notice and the legal information. Everything they print is a count, a public mediation's own
 * description, or a text of locales/.
 */
export function registerInformationRoutes(site: Hono, options: { core: Core }): void {
  const { core } = options;
  const notFound = (texts: PageTexts, path: string) => <NotFoundPage texts={texts} path={path} />;

  site.get('/:lang/report', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const { years, currentYear } = await core.query.publicReportYears();
    return c.html(<ReportYearsPage texts={texts} years={years} currentYear={currentYear} />);
  });
  site.get('/:lang/report/:year', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    const year = c.req.param('year');
    if (!texts) return c.notFound();
    // A year with no activity, or yet to come, has no report: the same 404 as a wrong link.
    const report = /^\d{4}$/.test(year) ? await core.query.publicAnnualReport({ year: Number(year) }) : null;
    if (!report) return c.html(notFound(texts, `/report/${year}`), 404);
    return c.html(<AnnualReportPage texts={texts} report={report} now={core.deps.clock.now()} />);
  });
  site.get('/:lang/companies/:slug', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    const slug = c.req.param('slug');
    if (!texts) return c.notFound();
    // A company with only confidential mediations looks exactly like one that does not exist (L612-3).
    const company = slugPattern.test(slug) ? await core.query.publicCompanyStatistics({ slug }) : null;
    if (!company) return c.html(notFound(texts, `/companies/${slug}`), 404);
    return c.html(<CompanyPage texts={texts} company={company} />);
  });
  site.get('/:lang/privacy', (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    return c.html(<PrivacyPage texts={texts} notice={privacyNotice(texts.t, privacyOf(core.deps))} />);
  });
  site.get('/:lang/legal', (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    return c.html(<LegalPage texts={texts} mediator={privacyIdentity(texts.t, privacyOf(core.deps))} />);
  });
}
