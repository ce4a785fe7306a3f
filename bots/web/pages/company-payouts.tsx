import type { CompanyPayout } from '../../../core/company/queries.ts';
import { formatDateTime, formatMoney } from '../../../core/i18n/index.ts';
import { TOKEN_FIELD } from '../csrf.ts';
import type { PageTexts } from '../texts.ts';

/** What the last marking said: how many were marked and whether a proof came with them, or why none was. */
export type PayoutNotice = { marked: number; proof?: boolean } | { error: string };

/**
 * The payouts on the company's portal (issue 15): the amount due under each file's reference, marked
 * as sent one by one or from a file of references (with a proof of transfer if the company wishes), and
 * the adherents' confirmations as they come.
 */
export function PayoutSection(props: {
  texts: PageTexts;
  payouts: CompanyPayout[];
  formToken: string;
  action: string;
  notice?: PayoutNotice;
  maxProofMegabytes: number;
}) {
  const { texts, payouts, notice } = props;
  if (payouts.length === 0) return null;
  const when = (at: Date | null) => (at ? formatDateTime(at, texts.locale) : '');
  const confirmed = payouts.filter((payout) => payout.status === 'CONFIRMED').length;
  // Until every receipt is confirmed: a payout already sent may still get its proof of transfer.
  const open = payouts.some((payout) => payout.status !== 'CONFIRMED');
  return (
    <section aria-labelledby="payouts">
      <h2 id="payouts">{texts.t('portal.payouts.title')}</h2>
      <p>{texts.t('portal.payouts.intro')}</p>
      {notice && (
        <p class="notice" role={'error' in notice ? 'alert' : 'status'}>
          {'error' in notice
            ? notice.error
            : [
                notice.marked > 0 ? texts.t('portal.payouts.done', { count: notice.marked }) : '',
                notice.proof ? texts.t('portal.payouts.proofDone') : '',
              ]
                .filter(Boolean)
                .join(' ')}
        </p>
      )}
      <p>{texts.t('portal.payouts.summary', { count: confirmed, total: payouts.length })}</p>
      <table>
        <caption>{texts.t('portal.payouts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{texts.t('portal.payouts.reference')}</th>
            <th scope="col" class="number">
              {texts.t('portal.payouts.amount')}
            </th>
            <th scope="col">{texts.t('portal.payouts.status')}</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((payout) => (
            <tr>
              <td>
                <code>{payout.reference}</code>
              </td>
              <td class="number">{formatMoney(payout.amountCents, texts.locale)}</td>
              <td>
                {texts.t(`portal.payouts.statuses.${payout.status}`, {
                  at: when(payout.confirmedAt ?? payout.sentAt),
                })}
                {payout.proofAttached && ` (${texts.t('portal.payouts.proofAttached')})`}
                {(payout.status === 'PENDING' || payout.status === 'PROBLEM') && (
                  <form method="post" action={props.action} class="inline">
                    <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
                    <input type="hidden" name="reference" value={payout.reference} />
                    <button
                      type="submit"
                      aria-label={texts.t('portal.payouts.markLabel', { reference: payout.reference })}
                    >
                      {texts.t('portal.payouts.mark')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <form method="post" action={props.action} enctype="multipart/form-data" class="stacked">
          <h3>{texts.t('portal.payouts.uploadTitle')}</h3>
          <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
          <label for="references-file">{texts.t('portal.payouts.file')}</label>
          <p id="references-hint" class="muted">
            {texts.t('portal.payouts.uploadHint')}
          </p>
          <input
            type="file"
            id="references-file"
            name="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby="references-hint"
          />
          <label for="proof-file">{texts.t('portal.payouts.proof')}</label>
          <p id="proof-hint" class="muted">
            {texts.t('portal.payouts.proofHint', { maxMegabytes: props.maxProofMegabytes })}
          </p>
          <input
            type="file"
            id="proof-file"
            name="proof"
            accept=".pdf,.jpg,.jpeg,.png,.webp,.heic,application/pdf,image/*"
            aria-describedby="proof-hint"
          />
          <p>
            <button type="submit">{texts.t('portal.payouts.upload')}</button>
          </p>
        </form>
      )}
    </section>
  );
}
