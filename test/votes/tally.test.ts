import { describe, expect, it } from 'vitest';
import { decide, type VoteRule } from '../../core/votes/tally.ts';

const ofElectorate: VoteRule = {
  voteBase: 'ELECTORATE',
  thresholdNumerator: 3,
  thresholdDenominator: 4,
  quorumNumerator: 1,
  quorumDenominator: 2,
};
const ofVotesCast: VoteRule = { ...ofElectorate, voteBase: 'VOTES_CAST' };

describe('the 75 % rule (product.md §5)', () => {
  it.each([
    // electorate, accept, refuse, abstain, accepted
    ['exactly 75 % of the electorate passes', 4, 3, 1, 0, true],
    ['exactly 75 % of 100 passes', 100, 75, 25, 0, true],
    ['one vote short fails', 100, 74, 26, 0, false],
    ['non-voters count as not accepting', 100, 74, 0, 0, false],
    ['abstentions count as not accepting', 4, 2, 0, 2, false],
    ['everyone accepting passes', 7, 7, 0, 0, true],
    ['a tie fails', 10, 5, 5, 0, false],
    ['nobody voting fails', 10, 0, 0, 0, false],
    ['75 % of 3 needs all 3 (2 of 3 is 66 %)', 3, 2, 1, 0, false],
    ['a single elector accepting passes', 1, 1, 0, 0, true],
  ])('%s', (_name, electorate, accept, refuse, abstain, accepted) => {
    expect(decide(ofElectorate, { electorate, accept, refuse, abstain }).accepted).toBe(accepted);
  });

  it('uses integers: 3 of 4 passes where a float comparison of 0.75 might not', () => {
    // 3/4 = 0.75 exactly, but e.g. 0.1+0.2 style errors appear with other ratios; the rule multiplies.
    const rule = { ...ofElectorate, thresholdNumerator: 2, thresholdDenominator: 3 };
    expect(decide(rule, { electorate: 3, accept: 2, refuse: 1, abstain: 0 }).accepted).toBe(true);
    expect(decide(rule, { electorate: 300, accept: 199, refuse: 101, abstain: 0 }).accepted).toBe(false);
  });
});

describe('the "votes cast with a quorum" profile', () => {
  it.each([
    ['75 % of votes cast with quorum passes', 10, 3, 1, 1, true, true],
    ['below the quorum fails even if everyone voting accepts', 10, 4, 0, 0, false, false],
    ['abstentions count for the quorum only', 10, 3, 1, 1, true, true],
    ['abstentions do not dilute the threshold', 10, 3, 1, 4, true, true],
    ['one vote short of 75 % of cast fails', 10, 2, 1, 2, false, true],
    ['exactly 50 % turnout meets the quorum', 8, 3, 1, 0, true, true],
    ['all abstaining meets the quorum but fails', 4, 0, 0, 4, false, true],
    ['a tie fails', 10, 3, 3, 0, false, true],
  ])('%s', (_name, electorate, accept, refuse, abstain, accepted, quorumMet) => {
    const decision = decide(ofVotesCast, { electorate, accept, refuse, abstain });
    expect(decision).toMatchObject({ accepted, quorumMet });
  });
});
