import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { type NotificationPayload, renderNotification, t as text } from '../../core/i18n/index.ts';
import { voteTallyParams } from '../../core/votes/rule-params.ts';
import type { VoteRule } from '../../core/votes/tally.ts';
import { fireTimers } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from './fixtures.ts';

const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const NBSP = '\u00a0';

type Choice = 'ACCEPT' | 'REFUSE' | 'ABSTAIN';

/**
 * Five electors vote as given (the others stay silent) on a mediation of this base, with the default
 * threshold of 3/4 and quorum of 1/2; a reminder fires on the way. Returns every text about the vote,
 * rendered from the outbox rows the core wrote, in the given language.
 */
async function voteTexts(voteBase: VoteRule['voteBase'], choices: Choice[]) {
  const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 5, voteBase, newsPublic: true });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
  for (const [i, choice] of choices.entries()) {
    unwrap(await t.core.castBallot(personActor(f.electors[i]?.personId ?? ''), { voteId, choice }));
  }
  const row = async (dedupKey: string) =>
    (await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupKey } }))
      .payload as unknown as NotificationPayload;
  t.clock.set(new Date(closesAt.getTime() - 72 * HOUR));
  await fireTimers(t);
  // Read before the close: a reminder still waiting to go out is dropped by it.
  const reminder = await row(`voteReminder72h:${voteId}`);
  t.clock.set(closesAt);
  await fireTimers(t);
  const payloads = {
    opened: await row(`voteOpened:${voteId}`),
    reminder,
    result: await row(`voteResult:${voteId}`),
    mediators: await row(`voteClosed:${voteId}`),
    newsOpened: await row(`news:voteOpened:${voteId}`),
    newsResult: await row(`news:voteResult:${voteId}`),
  };
  return (locale: 'fr' | 'en') =>
    Object.fromEntries(
      Object.entries(payloads).map(([name, payload]) => [name, renderNotification(locale, payload)]),
    ) as Record<keyof typeof payloads, string>;
}

const everyRuleText = (texts: Record<string, string>) => [texts.opened, texts.reminder, texts.newsOpened];

// The same ballots (3 accept, 1 abstain, 1 silent) reject on the electorate and accept on votes cast.
const ballots: Choice[] = ['ACCEPT', 'ACCEPT', 'ACCEPT', 'ABSTAIN'];

describe('the texts of a vote on the ELECTORATE base', () => {
  it('say that not voting counts as not accepting, and measure the accepts against every elector', async () => {
    const render = await voteTexts('ELECTORATE', ballots);
    const fr = render('fr');
    const frRule = `Règle${NBSP}: l’offre est acceptée si au moins 75${NBSP}% des participant·es appelé·es à voter l’acceptent${NBSP}; ne pas voter ou s’abstenir revient donc à ne pas accepter.`;
    for (const ruleText of everyRuleText(fr)) {
      expect(ruleText).toContain(frRule);
      expect(ruleText).not.toContain('quorum');
    }
    const frTally = `3 pour sur 5 votant·es possibles, soit 60${NBSP}% (il en fallait au moins 75${NBSP}%)${NBSP}; 0 contre, 1 abstention et 1 sans réponse.`;
    expect(fr.result).toContain(`l’offre est REFUSÉE.\n${frTally}\n`);
    expect(fr.newsResult).toContain(`l’offre est REFUSÉE.\n${frTally}`);
    expect(fr.mediators).toContain(`offre refusée.\n${frTally}`);

    const en = render('en');
    const enRule =
      'Rule: the offer is accepted if at least 75% of all the participants called to vote accept it; not voting or abstaining therefore counts as not accepting.';
    for (const ruleText of everyRuleText(en)) expect(ruleText).toContain(enRule);
    const enTally =
      '3 for out of 5 possible voters, that is 60% (at least 75% was needed); 0 against, 1 abstention and 1 without an answer.';
    for (const result of [en.result, en.newsResult, en.mediators]) expect(result).toContain(enTally);
  });
});

describe('the texts of a vote on the VOTES_CAST base', () => {
  it('state the quorum and the threshold over the votes for and against, and the turnout at the result', async () => {
    const render = await voteTexts('VOTES_CAST', ballots);
    const fr = render('fr');
    for (const ruleText of everyRuleText(fr)) {
      expect(ruleText).toContain(
        `Règle${NBSP}: l’offre est acceptée si au moins 75${NBSP}% des voix exprimées, pour ou contre, lui sont favorables, à condition qu’au moins 50${NBSP}% des participant·es appelé·es à voter aient voté (c’est le quorum, abstentions comprises). S’abstenir ou ne pas voter ne compte donc pas contre l’offre, mais sans quorum elle ne peut pas être acceptée.`,
      );
      expect(ruleText).not.toContain('revient donc à ne pas accepter');
    }
    const frTally = `3 pour, 0 contre (100${NBSP}% des voix exprimées, il en fallait au moins 75${NBSP}%), 1 abstention${NBSP}; participation 4 sur 5, quorum de 50${NBSP}% atteint.`;
    expect(fr.result).toContain(`l’offre est ACCEPTÉE.\n${frTally}\n`);
    expect(fr.newsResult).toContain(`l’offre est ACCEPTÉE.\n${frTally}`);
    expect(fr.mediators).toContain(`offre acceptée.\n${frTally}`);
    for (const result of [fr.result, fr.newsResult, fr.mediators]) {
      expect(result).not.toContain('votant·es possibles');
    }

    const en = render('en');
    for (const ruleText of everyRuleText(en)) {
      expect(ruleText).toContain(
        'Rule: the offer is accepted if at least 75% of the votes cast, for or against, are in its favour, provided at least 50% of the participants called to vote have voted (the quorum, abstentions included).',
      );
    }
    const enTally =
      '3 for, 0 against (100% of the votes cast, at least 75% was needed), 1 abstention; turnout 4 of 5, quorum of 50% reached.';
    for (const result of [en.result, en.newsResult, en.mediators]) expect(result).toContain(enTally);
  });

  it('say so when the offer fails for lack of quorum', async () => {
    const render = await voteTexts('VOTES_CAST', ['ACCEPT', 'ACCEPT']);
    const fr = render('fr');
    const frTally = `Quorum non atteint${NBSP}: participation 2 sur 5 (40${NBSP}%), alors qu’il fallait au moins 50${NBSP}% des participant·es appelé·es à voter${NBSP}; l’offre ne pouvait donc pas être acceptée. Voix${NBSP}: 2 pour, 0 contre, 0 abstention.`;
    expect(fr.result).toContain(`l’offre est REFUSÉE.\n${frTally}\n`);
    expect(fr.newsResult).toContain(`l’offre est REFUSÉE.\n${frTally}`);
    expect(fr.mediators).toContain(`offre refusée.\n${frTally}`);

    const en = render('en');
    const enTally =
      'Quorum not reached: turnout 2 of 5 (40%), when at least 50% of the participants called to vote was needed; so the offer could not be accepted. Votes: 2 for, 0 against, 0 abstentions.';
    for (const result of [en.result, en.newsResult, en.mediators]) expect(result).toContain(enTally);
  });
});

describe('the counts of a result', () => {
  const rule = (voteBase: VoteRule['voteBase']): VoteRule => ({
    voteBase,
    thresholdNumerator: 3,
    thresholdDenominator: 4,
    quorumNumerator: 1,
    quorumDenominator: 2,
  });
  const tally = (locale: 'fr' | 'en', electorate: number, abstain: number) =>
    text(
      locale,
      'votes:tally.ELECTORATE',
      voteTallyParams(rule('ELECTORATE'), { electorate, accept: 0, refuse: 0, abstain }),
    );

  it('are singular for 0 and 1 in French, for 1 only in English', () => {
    expect(tally('fr', 1, 0)).toContain('sur 1 votant·e possible,');
    expect(tally('fr', 1, 0)).toContain('0 abstention et');
    expect(tally('fr', 2, 1)).toContain('sur 2 votant·es possibles,');
    expect(tally('fr', 2, 1)).toContain('1 abstention et');
    expect(tally('fr', 3, 2)).toContain('2 abstentions et');
    expect(tally('en', 1, 0)).toContain('out of 1 possible voter,');
    expect(tally('en', 1, 0)).toContain('0 abstentions and');
    expect(tally('en', 2, 1)).toContain('1 abstention and');
    for (const locale of ['fr', 'en'] as const) expect(tally(locale, 3, 2)).not.toContain('(s)');
  });

  it('never show a share that reached the threshold under a rejected offer', () => {
    // 2 of 3 rounds to 66.67 %, as does a threshold of 20001/30000, which 2 of 3 misses.
    const near = voteTallyParams(
      { ...rule('ELECTORATE'), thresholdNumerator: 20001, thresholdDenominator: 30000 },
      { electorate: 3, accept: 2, refuse: 1, abstain: 0 },
    );
    expect(near.thresholdPercent).toBe(66.67);
    expect(near.acceptShare).toBe(66.66);
    const exact = voteTallyParams(
      { ...rule('ELECTORATE'), thresholdNumerator: 2, thresholdDenominator: 3 },
      { electorate: 3, accept: 2, refuse: 1, abstain: 0 },
    );
    expect([exact.acceptShare, exact.thresholdPercent]).toEqual([66.67, 66.67]);
  });

  it('tell the tooEarlyToClose refusal with the right number', () => {
    expect(text('fr', 'votes:errors.tooEarlyToClose', { waiting: 1 })).toContain(
      '1 votant·e n’a pas encore répondu',
    );
    expect(text('fr', 'votes:errors.tooEarlyToClose', { waiting: 2 })).toContain(
      '2 votant·es n’ont pas encore répondu',
    );
    expect(text('en', 'votes:errors.tooEarlyToClose', { waiting: 1 })).toContain(
      '1 voter has not answered yet',
    );
  });
});
