import { type Counts, decide, type VoteRule } from './tally.ts';

/**
 * What every text stating a vote's rule needs (product.md §5): the base, which picks the sentence of
 * that profile (`votes:rule.{{base}}`), and its percentages. Two decimals at most, as on the mediation's
 * rule card (2/3 → 66.67): a rounded 67 % would state a stricter rule than the one that decides.
 */
export function voteRuleParams(rule: VoteRule) {
  return {
    base: rule.voteBase,
    thresholdPercent: percentOf(rule.thresholdNumerator, rule.thresholdDenominator),
    quorumPercent:
      rule.voteBase === 'VOTES_CAST' ? percentOf(rule.quorumNumerator, rule.quorumDenominator) : 0,
  };
}

/**
 * What a running vote needs, from its rule and the size of its electorate only — never from ballots, so
 * showing it reveals nothing of the count (product.md §5: during the vote, the turnout only).
 * ELECTORATE: the fewest « Accepter » that pass (`den × accept ≥ num × electorate`, at least 1).
 * VOTES_CAST: the fewest voters that make the quorum (`qDen × turnout ≥ qNum × electorate`, at least 1);
 * how many « Accepter » that takes depends on the ballots, unknown until the close.
 */
export function neededCounts(rule: VoteRule, electorate: number) {
  // In integers, as `decide` compares: the smallest n with den × n ≥ num × electorate.
  const atLeast = (numerator: number, denominator: number) =>
    Math.max(1, Math.floor((numerator * electorate + denominator - 1) / denominator));
  return rule.voteBase === 'ELECTORATE'
    ? { base: 'ELECTORATE' as const, accept: atLeast(rule.thresholdNumerator, rule.thresholdDenominator) }
    : { base: 'VOTES_CAST' as const, quorum: atLeast(rule.quorumNumerator, rule.quorumDenominator) };
}

/** Which sentence tells a closed vote's result: what its rule was measured on, and why it failed. */
export type TallyCase = 'ELECTORATE' | 'VOTES_CAST' | 'VOTES_CAST_noQuorum';

/**
 * The params of a result text (`votes:tally.{{tally}}`): the counts, the rule, and the shares the rule
 * compared. The shares are for reading only, the decision is `decide`'s: a share that rounds up to the
 * threshold while falling short of it is shown just below it, so a text never reads « 75 %, il en
 * fallait 75 % » under a rejected offer.
 */
export function voteTallyParams(rule: VoteRule, counts: Counts) {
  const decision = decide(rule, counts);
  const ruleParams = voteRuleParams(rule);
  const { electorate, accept, refuse, abstain } = counts;
  const measuredOn = rule.voteBase === 'ELECTORATE' ? electorate : accept + refuse;
  const tally: TallyCase =
    rule.voteBase === 'ELECTORATE' ? 'ELECTORATE' : decision.quorumMet ? 'VOTES_CAST' : 'VOTES_CAST_noQuorum';
  return {
    ...ruleParams,
    tally,
    electorate,
    accept,
    refuse,
    abstain,
    turnout: decision.turnout,
    /** Electors who never answered: with the ELECTORATE base they count as not accepting. */
    silent: Math.max(0, electorate - decision.turnout),
    acceptShare: shownShare(
      accept,
      measuredOn,
      ruleParams.thresholdPercent,
      rule.thresholdDenominator * accept >= rule.thresholdNumerator * measuredOn,
    ),
    turnoutShare: shownShare(decision.turnout, electorate, ruleParams.quorumPercent, decision.quorumMet),
  };
}

export type VoteTallyParams = ReturnType<typeof voteTallyParams>;

function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 10000) / whole) / 100;
}

/** Rounding is monotonic, so a share that reached its bar is never shown below it; only a miss needs help. */
function shownShare(part: number, whole: number, barPercent: number, reached: boolean): number {
  const share = percentOf(part, whole);
  return !reached && share >= barPercent && barPercent > 0 ? Math.round(barPercent * 100 - 1) / 100 : share;
}
