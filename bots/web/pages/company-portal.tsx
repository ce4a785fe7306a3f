import type { CompanyFile, CompanyPayout } from '../../../core/company/queries.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../../core/i18n/index.ts';
import type { OfferFormState } from '../company-offer-form.ts';
import { TOKEN_FIELD } from '../csrf.ts';
import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { OfferSection } from './company-offer.tsx';
import { type PayoutNotice, PayoutSection } from './company-payouts.tsx';
import { FigureTable } from './figures.tsx';
import { ConfirmBox, FieldError } from './form-parts.tsx';

/** The portal's own path for a mediation: `/company/mediations/<slug>` under the language. */
export const portalPath = (slug: string) => `/company/mediations/${encodeURIComponent(slug)}`;

/** What the answer form was given back with: what was chosen and typed, and what to correct. */
export interface AnswerForm {
  answer?: string;
  reason?: string;
  errors: { answer?: string; reason?: string; confirm?: string; form?: string };
}

/**
 * The company's page for one mediation (issue 15): the invitation and its deadline, the answer, and the
 * file pseudonymised — counts, amounts and dates under references. Never a name, a chat id or a text.
 */
export function CompanyPortalPage(props: {
  texts: PageTexts;
  file: CompanyFile;
  formToken: string;
  form?: AnswerForm;
  offerForm?: OfferFormState;
  payouts: CompanyPayout[];
  payoutNotice?: PayoutNotice;
  maxProofMegabytes: number;
}) {
  const { texts, file } = props;
  const m = file.mediation;
  const money = (cents: number | null) => (cents === null ? '—' : formatMoney(cents, texts.locale));
  const date = (at: Date | null) => (at === null ? '—' : formatDate(at, texts.locale));
  const awaiting = m.status === 'NEGOTIATION' && !m.answer;
  return (
    <Layout texts={texts} title={m.title[texts.locale]} path={portalPath(m.slug)}>
      <p>{texts.t('portal.intro', { company: m.companyName })}</p>
      <section aria-labelledby="answer">
        <h2 id="answer">{texts.t('portal.answer.title')}</h2>
        {m.answer && m.answeredAt ? (
          <p class="notice" role="status">
            {texts.t(`portal.answer.given.${m.answer}`, { at: formatDateTime(m.answeredAt, texts.locale) })}
          </p>
        ) : awaiting ? (
          <AnswerFormView texts={texts} file={file} formToken={props.formToken} form={props.form} />
        ) : (
          <p>{texts.t('portal.answer.closed', { status: texts.t(`status.${m.status}`) })}</p>
        )}
      </section>
      {m.answer !== 'DECLINED' && (
        <OfferSection
          texts={texts}
          file={file}
          formToken={props.formToken}
          action={texts.href(`${portalPath(m.slug)}/offer`)}
          form={props.offerForm}
        />
      )}
      <PayoutSection
        texts={texts}
        payouts={props.payouts}
        formToken={props.formToken}
        action={texts.href(`${portalPath(m.slug)}/payouts`)}
        notice={props.payoutNotice}
        maxProofMegabytes={props.maxProofMegabytes}
      />
      <section aria-labelledby="file">
        <h2 id="file">{texts.t('portal.file.title')}</h2>
        <p>{texts.t('portal.file.intro')}</p>
        <FigureTable
          texts={texts}
          caption={texts.t('portal.file.caption')}
          rows={[
            { label: texts.t('portal.file.files'), value: formatNumber(file.files.length, texts.locale) },
            { label: texts.t('portal.file.total'), value: money(file.amounts.totalCents) },
            { label: texts.t('portal.file.min'), value: money(file.amounts.minCents) },
            { label: texts.t('portal.file.median'), value: money(file.amounts.medianCents) },
            { label: texts.t('portal.file.max'), value: money(file.amounts.maxCents) },
            { label: texts.t('portal.file.firstProblem'), value: date(file.problemDates.first) },
            { label: texts.t('portal.file.lastProblem'), value: date(file.problemDates.last) },
          ]}
        />
        {file.questions.length > 0 && (
          <table>
            <caption>{texts.t('portal.file.questions')}</caption>
            <thead>
              <tr>
                <th scope="col">{texts.t('portal.file.question')}</th>
                <th scope="col" class="number">
                  {texts.t('portal.file.yes')}
                </th>
                <th scope="col" class="number">
                  {texts.t('portal.file.no')}
                </th>
              </tr>
            </thead>
            <tbody>
              {file.questions.map((q) => (
                <tr>
                  <th scope="row">{q.text[texts.locale]}</th>
                  <td class="number">{formatNumber(q.yes, texts.locale)}</td>
                  <td class="number">{formatNumber(q.no, texts.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <table>
          <caption>{texts.t('portal.file.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.t('portal.file.reference')}</th>
              <th scope="col" class="number">
                {texts.t('portal.file.amount')}
              </th>
              <th scope="col">{texts.t('portal.file.problemDate')}</th>
              <th scope="col">{texts.t('portal.file.complaintDate')}</th>
            </tr>
          </thead>
          <tbody>
            {file.files.map((f) => (
              <tr>
                <td>
                  <code>{f.reference}</code>
                </td>
                <td class="number">{money(f.amountCents)}</td>
                <td>{date(f.problemDate)}</td>
                <td>{date(f.complaintDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <SharedComplaints texts={texts} files={file.files} />
      </section>
    </Layout>
  );
}

function AnswerFormView(props: {
  texts: PageTexts;
  file: CompanyFile;
  formToken: string;
  form?: AnswerForm;
}) {
  const { texts, file, form } = props;
  const errors = form?.errors ?? {};
  const due = file.mediation.answerDueAt;
  return (
    <>
      {due && <p>{texts.t('portal.answer.due', { at: formatDateTime(due, texts.locale) })}</p>}
      {errors.form && (
        <p class="notice" role="alert">
          {errors.form}
        </p>
      )}
      <form method="post" action={texts.href(`${portalPath(file.mediation.slug)}/answer`)} class="stacked">
        <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
        <fieldset aria-describedby={errors.answer ? 'answer-error' : undefined}>
          <legend>{texts.t('portal.answer.legend')}</legend>
          {(['TAKE_PART', 'DECLINED'] as const).map((value) => (
            <label class="choice">
              <input type="radio" name="answer" value={value} required checked={form?.answer === value} />{' '}
              {texts.t(`portal.answer.choice.${value}`)}
            </label>
          ))}
          <FieldError id="answer-error" message={errors.answer} />
        </fieldset>
        <label for="reason">{texts.t('portal.answer.reason')}</label>
        <p id="reason-hint" class="muted">
          {texts.t('portal.answer.reasonHint')}
        </p>
        <textarea
          id="reason"
          name="reason"
          rows={5}
          maxlength={2000}
          aria-describedby={errors.reason ? 'reason-hint reason-error' : 'reason-hint'}
          aria-invalid={errors.reason ? 'true' : undefined}
        >
          {form?.reason ?? ''}
        </textarea>
        <FieldError id="reason-error" message={errors.reason} />
        <ConfirmBox label={texts.t('portal.answer.confirm')} errorId="confirm-error" error={errors.confirm} />
        <p>
          <button type="submit">{texts.t('portal.answer.submit')}</button>
        </p>
      </form>
    </>
  );
}

/** The page a sign-in link opens: one button, so a mail scanner that follows links spends nothing. */
export function CompanySignInPage(props: {
  texts: PageTexts;
  token: string | null;
  formToken: string;
  error?: string;
}) {
  const { texts } = props;
  return (
    <Layout texts={texts} title={texts.t('portal.signIn.title')} path="/company/sign-in">
      {props.error && (
        <p class="notice" role="alert">
          {props.error}
        </p>
      )}
      {props.token ? (
        <form method="post" action={texts.href('/company/sign-in')}>
          <p>{texts.t('portal.signIn.intro')}</p>
          <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
          <input type="hidden" name="token" value={props.token} />
          <button type="submit">{texts.t('portal.signIn.submit')}</button>
        </form>
      ) : (
        !props.error && <p>{texts.t('portal.signIn.noLink')}</p>
      )}
    </Layout>
  );
}

/** The complaints whose authors chose to show them to the company: words under references, no name. */
function SharedComplaints(props: { texts: PageTexts; files: CompanyFile['files'] }) {
  const { texts } = props;
  const shared = props.files.filter((file) => file.description);
  return (
    <>
      <h3>{texts.t('portal.file.shared')}</h3>
      {shared.length === 0 ? (
        <p class="muted">{texts.t('portal.file.noneShared')}</p>
      ) : (
        <ul class="plain">
          {shared.map((file) => (
            <li>
              <p>
                <code>{file.reference}</code>
              </p>
              <blockquote>{file.description}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
