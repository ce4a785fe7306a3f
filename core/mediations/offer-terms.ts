import { z } from 'zod';

/**
 * What a company proposes in one round (product.md §5): terms in both languages and a compensation
 * rule in integers — a fixed amount per adherent in cents, or a share of the amount claimed in basis
 * points (1 = 0.01 %, 10000 = 100 %), optionally capped per adherent.
 */
const cents = z.number().int().min(1).max(100_000_000);

export const compensationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('FIXED'), fixedCents: cents }),
  z.object({
    kind: z.literal('PERCENT'),
    basisPoints: z.number().int().min(1).max(10_000),
    capCents: cents.optional(),
  }),
]);

export const offerTermsSchema = z.object({
  terms: z.object({
    fr: z.string().trim().min(3).max(4000),
    en: z.string().trim().min(3).max(4000),
  }),
  compensation: compensationSchema,
  /** The agreement only holds if at least this many participants adhere to it. */
  minAdhesions: z.number().int().min(1).max(1_000_000).optional(),
  /** Until when the company holds to it: a vote on it must close before. */
  validUntil: z.coerce.date().optional(),
});

export type OfferTerms = z.infer<typeof offerTermsSchema>;

/** product.md §3: at most 3 rounds of offers per mediation. */
export const MAX_ROUNDS = 3;

export function offerColumns(terms: OfferTerms) {
  const { compensation } = terms;
  return {
    termsFr: terms.terms.fr,
    termsEn: terms.terms.en,
    compensationKind: compensation.kind,
    fixedCents: compensation.kind === 'FIXED' ? compensation.fixedCents : null,
    percentBasisPoints: compensation.kind === 'PERCENT' ? compensation.basisPoints : null,
    capCents: compensation.kind === 'PERCENT' ? (compensation.capCents ?? null) : null,
    minAdhesions: terms.minAdhesions ?? null,
    validUntil: terms.validUntil ?? null,
  };
}

/** How an offer row is shown by every query: its terms in both languages and its compensation rule. */
export interface OfferColumns {
  id: string;
  round: number;
  termsFr: string;
  termsEn: string;
  compensationKind: string;
  fixedCents: number | null;
  percentBasisPoints: number | null;
  capCents: number | null;
  minAdhesions: number | null;
  validUntil?: Date | null;
}

export function offerView(offer: OfferColumns) {
  return {
    id: offer.id,
    round: offer.round,
    terms: { fr: offer.termsFr, en: offer.termsEn },
    compensationKind: offer.compensationKind,
    fixedCents: offer.fixedCents,
    percentBasisPoints: offer.percentBasisPoints,
    capCents: offer.capCents,
    minAdhesions: offer.minAdhesions,
    validUntil: offer.validUntil ?? null,
  };
}
