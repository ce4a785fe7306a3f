import { formatNumber } from '../../../core/i18n/index.ts';
import type { PublicCompanyStatistics } from '../../../core/public/company-statistics.ts';
import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';

const figures = [
  'invitations',
  'answeredInTime',
  'answeredLate',
  'offers',
  'acceptedOffers',
  'payoutsConfirmed',
] as const;

/**
 * A company's page: its public mediations and the counts of how it took part in them, with how each is
 * counted. Counts only: no person, no amount (core/public/company-statistics.ts says what is counted).
 */
export function CompanyPage(props: { texts: PageTexts; company: PublicCompanyStatistics }) {
  const { texts, company } = props;
  return (
    <Layout texts={texts} title={company.name} path={`/companies/${company.slug}`}>
      <p>{texts.t('company.intro', { company: company.name })}</p>
      <section aria-labelledby="company-mediations">
        <h2 id="company-mediations">{texts.t('company.mediations')}</h2>
        <ul>
          {company.mediations.map((m) => (
            <li>
              <a href={texts.href(`/mediations/${m.slug}`)}>{m.title[texts.locale]}</a>
              {texts.t('mediation.newsSeparator')}
              {texts.t(`status.${m.status}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="company-figures">
        <h2 id="company-figures">{texts.t('company.figures')}</h2>
        <table>
          <caption>{texts.t('company.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('company.figure')}</th>
              <th scope="col" class="number">
                {texts.t('company.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((key) => (
              <tr>
                <th scope="row">{texts.t(`company.${key}`)}</th>
                <td class="number">{formatNumber(company.counts[key], texts.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{texts.t('company.howCounted')}</h3>
        <ul>
          <li>{texts.t('company.notes.deadline')}</li>
          <li>{texts.t('company.notes.payouts')}</li>
          <li>{texts.t('company.notes.confidential')}</li>
        </ul>
      </section>
    </Layout>
  );
}
