import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, chatAs, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const NBSP = '\u00a0';

/** A person, with two strangers, called to vote on a mediation that counts the votes cast. */
async function votesCastBallot(userId: string, languageCode: 'fr' | 'en') {
  const chat = chatAs(t.core, userId, languageCode);
  await chat.command('aide');
  const personId = await personIdOf(t.db, userId);
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 2, voteBase: 'VOTES_CAST' });
  await admit(t.db, fixture.mediationId, personId, t.clock.now());
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }));
  return { chat, voteId, closesAt };
}

describe('the ballot of a mediation that counts the votes cast', () => {
  it('states the quorum on the card, then tells the voter the offer failed for lack of it', async () => {
    const v = await votesCastBallot('quorum-fr', 'fr');
    const card = textOf(await v.chat.command('voter'));
    expect(card).toContain(
      `Règle${NBSP}: l’offre est acceptée si au moins 75${NBSP}% des voix exprimées, pour ou contre, lui sont favorables, à condition qu’au moins 50${NBSP}% des participant·es appelé·es à voter aient voté`,
    );
    expect(card).not.toContain('revient donc à ne pas accepter');

    await v.chat.press(`vote:cast:${v.voteId}:A`);
    t.clock.set(v.closesAt);
    unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
    // One accept of one vote cast, but one voter of three: below the quorum of a half.
    expect(textOf(await v.chat.press(`vote:open:${v.voteId}`))).toContain(
      `Résultat${NBSP}: offre refusée. Quorum non atteint${NBSP}: participation 1 sur 3 (33,33${NBSP}%), alors qu’il fallait au moins 50${NBSP}% des participant·es appelé·es à voter${NBSP}; l’offre ne pouvait donc pas être acceptée. Voix${NBSP}: 1 pour, 0 contre, 0 abstention.`,
    );
  });

  it('in English too', async () => {
    const v = await votesCastBallot('quorum-en', 'en');
    expect(textOf(await v.chat.command('voter'))).toContain(
      'Rule: the offer is accepted if at least 75% of the votes cast, for or against, are in its favour, provided at least 50% of the participants called to vote have voted',
    );
    await v.chat.press(`vote:cast:${v.voteId}:A`);
    t.clock.set(v.closesAt);
    unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
    expect(textOf(await v.chat.press(`vote:open:${v.voteId}`))).toContain(
      'Result: offer rejected. Quorum not reached: turnout 1 of 3 (33.33%), when at least 50% of the participants called to vote was needed',
    );
  });
});
