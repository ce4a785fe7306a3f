import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import type { VoteBase } from '../../core/db/generated/enums.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, chatAs, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');

/** A running vote whose electorate is `others` strangers and the person behind `userId`. */
async function voting(userId: string, others: number, voteBase: VoteBase, languageCode = 'fr') {
  const chat = chatAs(t.core, userId, languageCode);
  await chat.command('aide');
  const personId = await personIdOf(t.db, userId);
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: others, voteBase });
  await admit(t.db, fixture.mediationId, personId, t.clock.now());
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }));
  const cast = (i: number, choice: 'ACCEPT' | 'REFUSE' | 'ABSTAIN') =>
    t.core.castBallot(personActor(fixture.electors[i]?.personId ?? ''), { voteId, choice });
  return { chat, closesAt, cast };
}

const line = (text: string, start: string) => text.split('\n').find((each) => each.startsWith(start));

describe('the progress of a running vote on its card', () => {
  it('states the « Accepter » the offer needs out of the electorate, whatever the ballots, and the time left', async () => {
    const v = await voting('progress-1', 19, 'ELECTORATE');
    const card = textOf(await v.chat.command('voter'));
    const needed =
      'Pour être acceptée, l’offre doit recueillir au moins 15 «\u00a0Accepter\u00a0» sur 20 participant·es appelé·es à voter.';
    expect(card).toContain(needed);
    expect(card).toContain('Clôture dans 7\u00a0jours.');

    // Ballots change the turnout line only: the card tells nothing of how anyone voted.
    unwrap(await v.cast(0, 'ACCEPT'));
    unwrap(await v.cast(1, 'ACCEPT'));
    t.clock.set(new Date(v.closesAt.getTime() - 5 * HOUR - 10 * 60_000));
    const later = textOf(await v.chat.command('voter'));
    expect(later).toContain(needed);
    expect(later).toContain('Clôture dans 5\u00a0heures.');
    expect(line(later, 'Participation')).toContain('2 sur 20');
    expect(later).not.toMatch(/encore \d+ «/);
  });

  it('counts the votes still missing for the quorum of a votes-cast rule, then says it is reached', async () => {
    const v = await voting('progress-2', 3, 'VOTES_CAST');
    expect(textOf(await v.chat.command('voter'))).toContain(
      'Quorum\u00a0: encore 2 votes nécessaires pour l’atteindre (2 sur 4).',
    );
    unwrap(await v.cast(0, 'ABSTAIN'));
    expect(textOf(await v.chat.command('voter'))).toContain(
      'Quorum\u00a0: encore 1 vote nécessaire pour l’atteindre (2 sur 4).',
    );
    unwrap(await v.cast(1, 'REFUSE'));
    const reached = textOf(await v.chat.command('voter'));
    expect(reached).toContain('Quorum atteint\u00a0: le résultat dépendra des voix exprimées');
    expect(reached).not.toContain('encore');
  });

  it('says it in English, down to the last minutes', async () => {
    const v = await voting('progress-3', 0, 'ELECTORATE', 'en');
    t.clock.set(new Date(v.closesAt.getTime() - 40 * 60_000));
    const card = textOf(await v.chat.command('vote'));
    expect(card).toContain(
      'To be accepted, the offer needs at least 1 "Accept" out of 1 participant called to vote.',
    );
    expect(card).toContain('Closes in 40 minutes.');
  });
});
