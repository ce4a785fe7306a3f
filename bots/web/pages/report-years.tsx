import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';

/** The annual reports, newest first; the current year's is marked as still being written. */
export function ReportYearsPage(props: { texts: PageTexts; years: readonly number[]; currentYear: number }) {
  const { texts, years, currentYear } = props;
  return (
    <Layout texts={texts} title={texts.t('report.title')} path="/report">
      <p>{texts.t('report.intro')}</p>
      <h2>{texts.t('report.years')}</h2>
      {years.length === 0 ? (
        <p class="muted">{texts.t('report.none')}</p>
      ) : (
        <ul>
          {years.map((year) => (
            <li>
              <a href={texts.href(`/report/${year}`)}>
                {texts.t('report.yearTitle', { year: String(year) })}
              </a>
              {year === currentYear && <> {texts.t('report.inProgress')}</>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
