import { z } from 'zod';
import type { VoteBase } from '../db/generated/enums.ts';
import { refuse } from '../domain/errors.ts';

/**
 * How an offer is accepted (product.md §5). Fractions stay integer numerators and denominators so the
 * vote can compare `denominator × accept ≥ numerator × base` without floats.
 */
const fraction = z.object({
  numerator: z.number().int().min(0).max(1000),
  denominator: z.number().int().min(1).max(1000),
});

export const ruleProfileSchema = z.object({
  voteBase: z.enum(['ELECTORATE', 'VOTES_CAST']).optional(),
  threshold: fraction.optional(),
  quorum: fraction.optional(),
});

export type RuleProfileInput = z.infer<typeof ruleProfileSchema>;

export interface RuleProfileColumns {
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
}

/** The founding document's rule: 3/4 of the electorate; the alternative base adds a quorum of 1/2. */
export const DEFAULT_THRESHOLD = { numerator: 3, denominator: 4 };
export const DEFAULT_QUORUM = { numerator: 1, denominator: 2 };

/**
 * Checks a profile and turns it into columns. A threshold below one half is refused: an agreement that
 * binds the group cannot be carried by a minority. A quorum only makes sense on the votes-cast base.
 */
export function ruleProfileColumns(input: RuleProfileInput): RuleProfileColumns {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  if (threshold.numerator > threshold.denominator || 2 * threshold.numerator < threshold.denominator) {
    refuse('INVALID_INPUT', 'mediations:errors.thresholdOutOfRange');
  }
  const voteBase = input.voteBase ?? 'ELECTORATE';
  if (voteBase === 'ELECTORATE' && input.quorum) {
    refuse('INVALID_INPUT', 'mediations:errors.quorumNeedsVotesCast');
  }
  const quorum = input.quorum ?? DEFAULT_QUORUM;
  if (quorum.numerator < 1 || quorum.numerator > quorum.denominator) {
    refuse('INVALID_INPUT', 'mediations:errors.quorumOutOfRange');
  }
  return {
    voteBase,
    thresholdNumerator: threshold.numerator,
    thresholdDenominator: threshold.denominator,
    quorumNumerator: quorum.numerator,
    quorumDenominator: quorum.denominator,
  };
}

export interface RuleCardFraction {
  numerator: number;
  denominator: number;
  /** For display only, two decimals at most (2/3 → 66.67); decisions use the integers. */
  percent: number;
}

export interface RuleCard {
  base: VoteBase;
  threshold: RuleCardFraction;
  quorum: RuleCardFraction | null;
  registrationClosesAt: Date | null;
  /** The round of the live (or last) offer, 1..3, or null before any offer. */
  round: number | null;
  /** The deadline of the vote running now, if any. */
  voteClosesAt: Date | null;
}

export function ruleCard(
  profile: RuleProfileColumns & { registrationClosesAt: Date | null },
  current: { round: number | null; voteClosesAt: Date | null },
): RuleCard {
  return {
    base: profile.voteBase,
    threshold: asFraction(profile.thresholdNumerator, profile.thresholdDenominator),
    quorum:
      profile.voteBase === 'VOTES_CAST'
        ? asFraction(profile.quorumNumerator, profile.quorumDenominator)
        : null,
    registrationClosesAt: profile.registrationClosesAt,
    round: current.round,
    voteClosesAt: current.voteClosesAt,
  };
}

function asFraction(numerator: number, denominator: number): RuleCardFraction {
  return { numerator, denominator, percent: Math.round((numerator * 10000) / denominator) / 100 };
}

/**
 * The params of the rule sentence of a mediation (`votes:rule.{{base}}`), the same sentence its votes
 * state (core/votes/rule-params.ts); the exact fractions are for the mediators, who set them.
 */
export function ruleTextParams(card: RuleCard) {
  return {
    base: card.base,
    thresholdPercent: card.threshold.percent,
    quorumPercent: card.quorum?.percent ?? 0,
    thresholdFraction: `${card.threshold.numerator}/${card.threshold.denominator}`,
    quorumFraction: card.quorum ? `${card.quorum.numerator}/${card.quorum.denominator}` : '',
  };
}
