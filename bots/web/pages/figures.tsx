import { formatNumber } from '../../../core/i18n/index.ts';
import type { PageTexts } from '../texts.ts';

/** A share in percent with one decimal (`12,5 %`), or null when there is nothing to divide by. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** `12,5 %`, or « sans objet » when the share has no base. */
export function percentText(texts: PageTexts, percent: number | null): string {
  return percent === null ? texts.t('report.notApplicable') : texts.t('report.percent', { percent });
}

/** A count as a table cell shows it: grouped the way the language writes numbers. */
export const countText = (texts: PageTexts, count: number) => formatNumber(count, texts.locale);

/** A table of named figures: one row per figure, its name as the row's header. */
export function FigureTable(props: {
  texts: PageTexts;
  caption: string;
  rows: readonly { label: string; value: string }[];
}) {
  const { texts } = props;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{texts.t('report.figure')}</th>
          <th scope="col" class="number">
            {texts.t('report.value')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            <td class="number">{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
