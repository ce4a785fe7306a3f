import { formatDate } from '../../../core/i18n/index.ts';
import type { PublicAnnualReport } from '../../../core/public/annual-report.ts';
import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { countText, FigureTable, percentOf, percentText } from './figures.tsx';

/**
 * One year's activity report (R614-2): disputes received and their subjects, refusals and their reasons,
 * withdrawals, outcomes and their causes, the mean duration, and the share of solutions accepted. Every
 * figure is a count from the records (core/public/annual-report.ts); no person, no mediator's words.
 */
export function AnnualReportPage(props: { texts: PageTexts; report: PublicAnnualReport; now: Date }) {
  const { texts, report } = props;
  const year = String(report.year);
  return (
    <Layout texts={texts} title={texts.t('report.yearTitle', { year })} path={`/report/${year}`}>
      {report.inProgress && (
        <p>
          <strong>
            {texts.t('report.provisional', { year, date: formatDate(props.now, texts.locale) })}
          </strong>
        </p>
      )}
      <p>{texts.t('report.intro')}</p>
      <Disputes texts={texts} report={report} />
      <Subjects texts={texts} report={report} />
      <Refusals texts={texts} report={report} />
      <Outcomes texts={texts} report={report} />
      <Solutions texts={texts} report={report} />
      <p>
        <a href={texts.href('/report')}>{texts.t('report.back')}</a>
      </p>
    </Layout>
  );
}

type Part = { texts: PageTexts; report: PublicAnnualReport };

function Disputes({ texts, report }: Part) {
  const year = String(report.year);
  return (
    <section aria-labelledby="disputes">
      <h2 id="disputes">{texts.t('report.disputes.title')}</h2>
      <FigureTable
        texts={texts}
        caption={texts.t('report.disputes.caption', { year })}
        rows={[
          {
            label: texts.t('report.disputes.mediations'),
            value: countText(texts, report.disputes.mediations),
          },
          { label: texts.t('report.disputes.files'), value: countText(texts, report.disputes.files) },
          { label: texts.t('report.disputes.withdrawals'), value: countText(texts, report.withdrawals) },
        ]}
      />
    </section>
  );
}

/** What the disputes were about: each public mediation by name, the confidential ones together. */
function Subjects({ texts, report }: Part) {
  const { subjects } = report;
  const year = String(report.year);
  const empty = subjects.public.length === 0 && subjects.confidential.mediations === 0;
  return (
    <section aria-labelledby="subjects">
      <h2 id="subjects">{texts.t('report.subjects.title')}</h2>
      <p>{texts.t('report.subjects.explain')}</p>
      {empty ? (
        <p class="muted">{texts.t('report.subjects.none', { year })}</p>
      ) : (
        <table>
          <caption>{texts.t('report.subjects.caption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('report.subjects.mediation')}</th>
              <th scope="col">{texts.t('report.subjects.company')}</th>
              <th scope="col" class="number">
                {texts.t('report.subjects.files')}
              </th>
            </tr>
          </thead>
          <tbody>
            {subjects.public.map((subject) => (
              <tr>
                <th scope="row">
                  <a href={texts.href(`/mediations/${subject.slug}`)}>{subject.title[texts.locale]}</a>
                </th>
                <td>
                  <a href={texts.href(`/companies/${subject.company.slug}`)}>{subject.company.name}</a>
                </td>
                <td class="number">{countText(texts, subject.files)}</td>
              </tr>
            ))}
            {subjects.confidential.mediations > 0 && (
              <tr>
                <th scope="row">
                  {texts.t('report.subjects.confidential', { mediations: subjects.confidential.mediations })}
                </th>
                <td>{texts.t('report.subjects.notPublished')}</td>
                <td class="number">{countText(texts, subjects.confidential.files)}</td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={2}>
                {texts.t('report.subjects.total')}
              </th>
              <td class="number">{countText(texts, report.disputes.files)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

/** Refusals by category: a mediator's written reason is the person's own matter, never printed. */
function Refusals({ texts, report }: Part) {
  const { refusals } = report;
  const year = String(report.year);
  return (
    <section aria-labelledby="refusals">
      <h2 id="refusals">{texts.t('report.refusals.title')}</h2>
      <FigureTable
        texts={texts}
        caption={texts.t('report.refusals.caption', { year })}
        rows={[
          { label: texts.t('report.refusals.files'), value: countText(texts, refusals.files) },
          {
            label: texts.t('report.refusals.share'),
            // The mediators' own figure (annualReport), so that the two reports never differ.
            value: percentText(texts, report.disputes.files === 0 ? null : refusals.percentOfFiles),
          },
        ]}
      />
      {refusals.reasons.length > 0 && (
        <table>
          <caption>{texts.t('report.refusals.reasonsCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('report.refusals.reason')}</th>
              <th scope="col" class="number">
                {texts.t('report.refusals.count')}
              </th>
              <th scope="col" class="number">
                {texts.t('report.refusals.shareOfRefusals')}
              </th>
            </tr>
          </thead>
          <tbody>
            {refusals.reasons.map((reason) => (
              <tr>
                <th scope="row">{texts.t(`report.refusals.category.${reason.category}`)}</th>
                <td class="number">{countText(texts, reason.count)}</td>
                <td class="number">{percentText(texts, percentOf(reason.count, refusals.files))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>{texts.t('report.refusals.explain')}</p>
    </section>
  );
}

const outcomeKeys = [
  ['succeeded', 'CLOSED_SUCCESS'],
  ['failed', 'CLOSED_FAILURE'],
  ['cancelled', 'CANCELLED'],
] as const;

/** How the mediations ended, why they failed or stopped, and how long they lasted. */
function Outcomes({ texts, report }: Part) {
  const { outcomes } = report;
  const year = String(report.year);
  return (
    <section aria-labelledby="outcomes">
      <h2 id="outcomes">{texts.t('report.outcomes.title')}</h2>
      {outcomes.closed === 0 ? (
        <p class="muted">{texts.t('report.outcomes.none', { year })}</p>
      ) : (
        <table>
          <caption>{texts.t('report.outcomes.caption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('report.outcomes.outcome')}</th>
              <th scope="col" class="number">
                {texts.t('report.outcomes.count')}
              </th>
              <th scope="col" class="number">
                {texts.t('report.outcomes.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {outcomeKeys.map(([key, status]) => (
              <tr>
                <th scope="row">{texts.t(`status.${status}`)}</th>
                <td class="number">{countText(texts, outcomes[key])}</td>
                <td class="number">{percentText(texts, percentOf(outcomes[key], outcomes.closed))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{texts.t('report.outcomes.total')}</th>
              <td class="number">{countText(texts, outcomes.closed)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
      {outcomes.reasons.length > 0 && (
        <table>
          <caption>{texts.t('report.outcomes.reasonsCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('report.outcomes.outcome')}</th>
              <th scope="col">{texts.t('report.outcomes.reason')}</th>
              <th scope="col" class="number">
                {texts.t('report.outcomes.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {outcomes.reasons.map((reason) => (
              <tr>
                <th scope="row">{texts.t(`status.${reason.status}`)}</th>
                <td>
                  {reason.code
                    ? texts.t(`mediations:closingReasons.${reason.code}`)
                    : texts.t('report.outcomes.otherReason')}
                </td>
                <td class="number">{countText(texts, reason.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{texts.t('report.duration.title')}</h3>
      <p>
        {report.meanDurationDays === null
          ? texts.t('report.duration.none', { year })
          : texts.t('report.duration.mean', { year, days: report.meanDurationDays })}
      </p>
    </section>
  );
}

/** The share of solutions accepted: offers the participants accepted by vote, out of the votes closed. */
function Solutions({ texts, report }: Part) {
  const { votes } = report;
  const year = String(report.year);
  return (
    <section aria-labelledby="solutions">
      <h2 id="solutions">{texts.t('report.solutions.title')}</h2>
      <FigureTable
        texts={texts}
        caption={texts.t('report.solutions.caption', { year })}
        rows={[
          { label: texts.t('report.solutions.votes'), value: countText(texts, votes.closed) },
          { label: texts.t('report.solutions.accepted'), value: countText(texts, votes.accepted) },
          {
            label: texts.t('report.solutions.share'),
            value: percentText(texts, percentOf(votes.accepted, votes.closed)),
          },
        ]}
      />
      <p>{texts.t('report.solutions.explain')}</p>
    </section>
  );
}
