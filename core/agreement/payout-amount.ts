/**
 * What one adherent receives under an offer, in integer cents (product.md §5): the fixed amount, or
 * the offered share of the amount they claimed, rounded down to the cent and capped. Computed on
 * BigInt so the product `amount × basis points` can never lose precision.
 */
export interface CompensationRule {
  compensationKind: 'FIXED' | 'PERCENT';
  fixedCents: number | null;
  percentBasisPoints: number | null;
  capCents: number | null;
}

export function payoutCents(rule: CompensationRule, claimedCents: number | null): number {
  let amount: bigint;
  if (rule.compensationKind === 'FIXED') {
    amount = BigInt(rule.fixedCents ?? 0);
  } else {
    // Integer division of non-negative BigInts rounds down: 33.33 % of 0.10 € is 0.03 €, never 0.04 €.
    amount = (BigInt(claimedCents ?? 0) * BigInt(rule.percentBasisPoints ?? 0)) / 10_000n;
  }
  if (rule.capCents !== null && amount > BigInt(rule.capCents)) amount = BigInt(rule.capCents);
  return Number(amount);
}
