import { describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { t as text } from '../../core/i18n/index.ts';
import type { FakePerson } from '../support/fake-telegram.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { command, say, useTelegramBot } from './harness.ts';

const h = useTelegramBot({ flows: consumerFlows });

async function personIdOf(person: FakePerson): Promise<string> {
  const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'TELEGRAM', externalId: String(person.id) } },
  });
  return identity.personId;
}

describe('answers typed instead of pressed, on Telegram', () => {
  it('takes « refuser. » written under the vote card as the « Refuser » button', async () => {
    const person = h.fake.person({ languageCode: 'fr' });
    await command(person, '/aide');
    const personId = await personIdOf(person);
    const vote = await votedByPerson(h.t, personId);

    const card = await command(person, '/voter');
    expect(card).toContain(
      text('fr', 'account:vote.card.current', { choice: 'Accepter', receipt: '' }).slice(0, 20),
    );
    // Telegram has buttons: the card says to press one.
    expect(card).toContain('en appuyant sur un autre bouton');
    const answer = await say(person, 'refuser.');
    expect(answer).toContain('vous avez maintenant choisi «\u00a0Refuser\u00a0»');
    const mine = await h.t.core.query.myBallot({ voteId: vote.voteId, personId });
    expect(mine?.choice).toBe('REFUSE');
    // Words that are no choice are still not an answer.
    expect(await say(person, 'peut-être')).toBe(text('fr', 'conversation:nothingPending'));
  });

  it('answers /help and /myfiles in English, and /aide too', async () => {
    const person = h.fake.person({ languageCode: 'en' });
    expect(await command(person, '/help')).toBe(text('en', 'account:help.text'));
    expect(await command(person, '/aide')).toBe(text('en', 'account:help.text'));
    expect(await command(person, '/myfiles')).not.toBe(text('en', 'conversation:unknownCommand'));
  });
});
