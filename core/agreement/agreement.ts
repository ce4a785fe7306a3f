import { DAY } from '../clock/clock.ts';
import type { NotificationParam } from '../commands/context.ts';
import type { Tx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';

/** product.md §5: every adherent gets at least a day to sign the accepted offer. */
export const MIN_ADHESION_WINDOW = DAY;

/** product.md §5: a payout sent but not confirmed is followed up without a mediator having to. */
export const PAYOUT_REMINDER_AFTER = 7 * DAY;
export const PAYOUT_ALERT_AFTER = 14 * DAY;

/** The offer the vote accepted: the only one an adhesion or a payout can be about. */
export async function acceptedOffer(tx: Tx, mediationId: string) {
  const offer = await tx.offer.findFirst({
    where: { mediationId, status: 'ACCEPTED' },
    orderBy: { round: 'desc' },
    include: { vote: { select: { id: true } } },
  });
  if (!offer) refuse('RULE_VIOLATION', 'agreement:errors.noAcceptedOffer');
  return offer;
}

/** A basis-point share as each language writes it: 1250 → « 12,5 » / "12.5". */
export function percentParam(basisPoints: number) {
  const text = (basisPoints / 100).toString();
  return { fr: text.replace('.', ','), en: text };
}

/** The compensation of an offer, as notification params and the text variant that shows it. */
export function compensationParams(offer: {
  compensationKind: 'FIXED' | 'PERCENT';
  fixedCents: number | null;
  percentBasisPoints: number | null;
  capCents: number | null;
}): { variant: 'fixed' | 'percent' | 'percentCapped'; params: Record<string, NotificationParam> } {
  if (offer.compensationKind === 'FIXED') {
    return { variant: 'fixed', params: { amount: { money: offer.fixedCents ?? 0 } } };
  }
  const percent = percentParam(offer.percentBasisPoints ?? 0);
  return offer.capCents === null
    ? { variant: 'percent', params: { percent } }
    : { variant: 'percentCapped', params: { percent, cap: { money: offer.capCents } } };
}
