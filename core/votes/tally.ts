import type { VoteBase } from '../db/generated/enums.ts';

/** The rule profile a vote was opened with (copied from its mediation, frozen). */
export interface VoteRule {
  voteBase: VoteBase;
  thresholdNumerator: number;
  thresholdDenominator: number;
  quorumNumerator: number;
  quorumDenominator: number;
}

export interface Counts {
  /** Frozen electorate minus those who withdrew during the vote. */
  electorate: number;
  accept: number;
  refuse: number;
  abstain: number;
}

export interface Decision {
  accepted: boolean;
  /** Only meaningful for VOTES_CAST; always true for ELECTORATE. */
  quorumMet: boolean;
  turnout: number;
}

/**
 * product.md §5, in integers so that exactly 75 % passes and no float rounding ever decides a vote.
 * - ELECTORATE: accepted iff den × accept ≥ num × electorate. Non-voters and abstentions count as
 *   "not accept".
 * - VOTES_CAST: quorum iff qDen × turnout ≥ qNum × electorate (abstentions count for the quorum);
 *   accepted iff quorum and den × accept ≥ num × (accept + refuse).
 * Nobody accepting never passes, whatever the base (an empty base would otherwise pass 0 ≥ 0).
 */
export function decide(rule: VoteRule, counts: Counts): Decision {
  const { electorate, accept, refuse, abstain } = counts;
  const turnout = accept + refuse + abstain;
  const reaches = (votes: number, base: number) =>
    rule.thresholdDenominator * votes >= rule.thresholdNumerator * base;
  if (rule.voteBase === 'ELECTORATE') {
    return { accepted: accept > 0 && reaches(accept, electorate), quorumMet: true, turnout };
  }
  const quorumMet = rule.quorumDenominator * turnout >= rule.quorumNumerator * electorate && turnout > 0;
  return { accepted: quorumMet && accept > 0 && reaches(accept, accept + refuse), quorumMet, turnout };
}
