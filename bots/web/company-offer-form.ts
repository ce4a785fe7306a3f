import type { OfferTerms } from '../../core/mediations/offer-terms.ts';
import { parseEuroAmount } from '../../core/participants/money.ts';
import { parseParisDateTime } from '../mediator/dates.ts';
import type { PageTexts } from './texts.ts';

/** The offer form's fields, as typed: given back with the errors so nothing typed is lost. */
export const offerFields = [
  'termsFr',
  'termsEn',
  'kind',
  'fixed',
  'percent',
  'cap',
  'minAdhesions',
  'validUntil',
] as const;
export type OfferField = (typeof offerFields)[number];

export interface OfferFormState {
  values: Partial<Record<OfferField, string>>;
  /** One message per field at fault, said under it; `form` for what concerns the whole form. */
  errors: Partial<Record<OfferField | 'confirm' | 'form', string>>;
}

export type OfferFormResult = { ok: true; terms: OfferTerms } | { ok: false; state: OfferFormState };

/**
 * Reads the company's offer as a person types it (issue 15): amounts in euros the French way or the
 * English way (`1 234,56`, `1234.56`), a share in percent (`80`, `80,5 %`), a date (`2027-01-31`, the end
 * of that day in Paris). Each field at fault gets its own message, in the page's language.
 */
export function readOfferForm(texts: PageTexts, form: Record<string, unknown>, now: Date): OfferFormResult {
  const values: OfferFormState['values'] = {};
  for (const field of offerFields) {
    const value = form[field];
    if (typeof value === 'string') values[field] = value.slice(0, 4001);
  }
  const errors: OfferFormState['errors'] = {};
  const say = (key: string, params?: Record<string, unknown>) =>
    texts.t(`portal.offer.errors.${key}`, params);
  const termsFr = values.termsFr?.trim() ?? '';
  const termsEn = values.termsEn?.trim() || termsFr;
  if (termsFr.length < 3) errors.termsFr = say('termsMissing');
  else if (termsFr.length > 4000 || termsEn.length > 4000)
    errors.termsFr = say('termsTooLong', { count: 4000 });
  const euros = (field: 'fixed' | 'cap'): number | undefined => {
    const parsed = parseEuroAmount(values[field] ?? '', 100_000_000);
    if (parsed.ok) return parsed.cents;
    errors[field] = say(`amount.${parsed.reason}`);
    return undefined;
  };
  let compensation: OfferTerms['compensation'] | undefined;
  if (values.kind === 'FIXED') {
    const fixedCents = euros('fixed');
    if (fixedCents) compensation = { kind: 'FIXED', fixedCents };
  } else if (values.kind === 'PERCENT') {
    const basisPoints = readPercent(values.percent ?? '');
    if (basisPoints === undefined) errors.percent = say('percent');
    const capCents = values.cap?.trim() ? euros('cap') : undefined;
    if (basisPoints !== undefined && !errors.cap) {
      compensation = { kind: 'PERCENT', basisPoints, ...(capCents ? { capCents } : {}) };
    }
  } else {
    errors.kind = say('kind');
  }
  let minAdhesions: number | undefined;
  if (values.minAdhesions?.trim()) {
    minAdhesions = /^\d{1,7}$/.test(values.minAdhesions.trim()) ? Number(values.minAdhesions.trim()) : 0;
    if (minAdhesions < 1 || minAdhesions > 1_000_000) errors.minAdhesions = say('minAdhesions');
  }
  let validUntil: Date | undefined;
  if (values.validUntil?.trim()) {
    validUntil = parseParisDateTime(values.validUntil.trim());
    if (!validUntil) errors.validUntil = say('validUntil');
    else if (validUntil <= now) errors.validUntil = say('validUntilPast');
  }
  if (form.confirm !== 'yes') errors.confirm = say('confirm');
  if (Object.keys(errors).length > 0 || !compensation) return { ok: false, state: { values, errors } };
  return {
    ok: true,
    terms: {
      terms: { fr: termsFr, en: termsEn },
      compensation,
      ...(minAdhesions ? { minAdhesions } : {}),
      ...(validUntil ? { validUntil } : {}),
    },
  };
}

/** `80`, `80,5`, `80.5 %` → basis points (8050); undefined outside 0 (excluded) to 100 %. */
function readPercent(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/u.exec(text.trim().replace(/[\u00a0\u202f]/g, ' '));
  if (!match) return undefined;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return basisPoints >= 1 && basisPoints <= 10_000 ? basisPoints : undefined;
}
