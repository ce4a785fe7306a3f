import type { CompanyFile, CompanyOffer } from '../../../core/company/queries.ts';
import { formatDateTime, formatMoney, formatNumber } from '../../../core/i18n/index.ts';
import { MAX_ROUNDS } from '../../../core/mediations/offer-terms.ts';
import type { OfferField, OfferFormState } from '../company-offer-form.ts';
import { TOKEN_FIELD } from '../csrf.ts';
import type { PageTexts } from '../texts.ts';
import { ConfirmBox, FieldError } from './form-parts.tsx';

/**
 * The company's offers on its portal (issue 15): each round with its state and, once its vote is
 * closed, the counts; the mediators' comment on an offer they sent back; and the form for the next
 * offer when one may be presented. Never who voted what: counts only, after the close.
 */
export function OfferSection(props: {
  texts: PageTexts;
  file: CompanyFile;
  formToken: string;
  action: string;
  form?: OfferFormState;
}) {
  const { texts, file } = props;
  const m = file.mediation;
  const live = file.offers.some((offer) => offer.status === 'PROPOSED' || offer.status === 'VOTING');
  const roundsUsed = file.offers.at(-1)?.round ?? 0;
  const canOffer =
    (m.status === 'NEGOTIATION' || m.status === 'REJECTED') &&
    m.answer !== 'DECLINED' &&
    !live &&
    roundsUsed < MAX_ROUNDS;
  return (
    <section aria-labelledby="offers">
      <h2 id="offers">{texts.t('portal.offer.title')}</h2>
      {file.offers.length === 0 && <p>{texts.t('portal.offer.none')}</p>}
      {file.offers.map((offer) => (
        <OfferView texts={texts} offer={offer} />
      ))}
      {m.offerReturned && (
        <div class="notice" role="status">
          <p>{texts.t('portal.offer.returned', { at: formatDateTime(m.offerReturned.at, texts.locale) })}</p>
          <blockquote>{m.offerReturned.comment}</blockquote>
        </div>
      )}
      {canOffer && <OfferForm {...props} />}
    </section>
  );
}

function OfferView(props: { texts: PageTexts; offer: CompanyOffer }) {
  const { texts, offer } = props;
  const vote = offer.vote;
  return (
    <article class="card">
      <h3>{texts.t('portal.offer.round', { round: offer.round })}</h3>
      <p>{texts.t(`portal.offer.status.${offer.status}`)}</p>
      <p>{offer.terms[texts.locale]}</p>
      <p>
        <strong>{texts.t('portal.offer.compensation')}</strong> {compensationText(texts, offer)}
        {offer.minAdhesions && (
          <> {texts.t('portal.offer.minAdhesionsShown', { count: offer.minAdhesions })}</>
        )}
      </p>
      {offer.validUntil && (
        <p>
          {texts.t('portal.offer.validUntilShown', { at: formatDateTime(offer.validUntil, texts.locale) })}
        </p>
      )}
      {vote && !vote.closedAt && (
        <p>{texts.t('portal.offer.voteRuns', { at: formatDateTime(vote.closesAt, texts.locale) })}</p>
      )}
      {vote?.closedAt && vote.outcome !== 'VOIDED' && (
        <p>
          {texts.t(`portal.offer.voteClosed.${vote.outcome === 'ACCEPTED' ? 'ACCEPTED' : 'REJECTED'}`, {
            accept: vote.accept ?? 0,
            refuse: vote.refuse ?? 0,
            abstain: vote.abstain ?? 0,
            electorate: vote.electorate ?? 0,
          })}
        </p>
      )}
    </article>
  );
}

function compensationText(texts: PageTexts, offer: CompanyOffer): string {
  const money = (cents: number | null) => formatMoney(cents ?? 0, texts.locale);
  if (offer.compensationKind === 'FIXED')
    return texts.t('mediator:offer.fixed', { amount: money(offer.fixedCents) });
  const percent = formatNumber((offer.percentBasisPoints ?? 0) / 100, texts.locale);
  return offer.capCents
    ? texts.t('mediator:offer.percentCapped', { percent, cap: money(offer.capCents) })
    : texts.t('mediator:offer.percent', { percent });
}

function OfferForm(props: { texts: PageTexts; formToken: string; action: string; form?: OfferFormState }) {
  const { texts } = props;
  const values = props.form?.values ?? {};
  const errors = props.form?.errors ?? {};
  /** A labelled field, its hint and its error, tied together for screen readers. */
  const field = (name: OfferField, input: (describedBy: string | undefined, invalid: boolean) => unknown) => {
    const hint = texts.t(`portal.offer.hint.${name}`, { defaultValue: '' });
    const describedBy = [hint && `${name}-hint`, errors[name] && `${name}-error`].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label for={name}>{texts.t(`portal.offer.label.${name}`)}</label>
        {hint && (
          <p id={`${name}-hint`} class="muted">
            {hint}
          </p>
        )}
        {input(describedBy || undefined, !!errors[name])}
        <FieldError id={`${name}-error`} message={errors[name]} />
      </div>
    );
  };
  const text = (name: OfferField, inputMode: 'decimal' | 'numeric') =>
    field(name, (describedBy, invalid) => (
      <input
        type="text"
        id={name}
        name={name}
        value={values[name] ?? ''}
        inputmode={inputMode}
        aria-describedby={describedBy}
        aria-invalid={invalid ? 'true' : undefined}
      />
    ));
  return (
    <form method="post" action={props.action} class="stacked">
      <h3>{texts.t('portal.offer.formTitle')}</h3>
      {errors.form && (
        <p class="notice" role="alert">
          {errors.form}
        </p>
      )}
      <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
      {(['termsFr', 'termsEn'] as const).map((name) =>
        field(name, (describedBy, invalid) => (
          <textarea
            id={name}
            name={name}
            rows={5}
            maxlength={4000}
            aria-describedby={describedBy}
            aria-invalid={invalid ? 'true' : undefined}
          >
            {values[name] ?? ''}
          </textarea>
        )),
      )}
      <fieldset aria-describedby={errors.kind ? 'kind-error' : undefined}>
        <legend>{texts.t('portal.offer.label.kind')}</legend>
        {(['FIXED', 'PERCENT'] as const).map((kind) => (
          <label class="choice">
            <input type="radio" name="kind" value={kind} checked={values.kind === kind} />{' '}
            {texts.t(`portal.offer.kind.${kind}`)}
          </label>
        ))}
        <FieldError id="kind-error" message={errors.kind} />
      </fieldset>
      {text('fixed', 'decimal')}
      {text('percent', 'decimal')}
      {text('cap', 'decimal')}
      {text('minAdhesions', 'numeric')}
      {field('validUntil', (describedBy, invalid) => (
        <input
          type="date"
          id="validUntil"
          name="validUntil"
          value={values.validUntil ?? ''}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        />
      ))}
      <ConfirmBox
        label={texts.t('portal.offer.confirm')}
        errorId="confirm-offer-error"
        error={errors.confirm}
      />
      <p>
        <button type="submit">{texts.t('portal.offer.submit')}</button>
      </p>
    </form>
  );
}
