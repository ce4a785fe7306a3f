import { describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { testDispatch } from '../outbox/support.ts';
import type { FakePerson } from '../support/fake-telegram.ts';
import { insertParticipant } from '../support/participants.ts';
import { negotiationWithOffer, votedByPerson } from '../votes/fixtures.ts';
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
    // Words that are no choice are still not an answer: the choices are offered again.
    expect(await say(person, 'peut-être')).toBe(text('fr', 'conversation:notAChoice'));
  });

  it('takes « accepter » written under the vote card the outbox sent, until the conversation asks again', async () => {
    const person = h.fake.person({ languageCode: 'fr' });
    await command(person, '/aide');
    const personId = await personIdOf(person);
    const fixture = await negotiationWithOffer(h.t.db, h.t.clock.now(), { admitted: 2 });
    await insertParticipant(h.t.db, fixture.mediationId, h.t.clock.now(), { personId });
    const closesAt = new Date(h.t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(
      await h.t.core.openVote(mediatorActor('U0MEDIATOR'), { mediationId: fixture.mediationId, closesAt }),
    );
    // The notification goes out as in production: the group is expanded, then each card sent.
    const channel = telegramDeliveryChannel(h.bot.telegram);
    for (let pass = 0; pass < 4; pass++)
      await dispatchOnce(h.t.core.deps, { people: [channel] }, testDispatch(h.t.clock));
    const card = h.fake
      .callsOf('sendMessage')
      .find(
        (call) => call.body.chat_id === String(person.id) && JSON.stringify(call.body).includes('Accepter'),
      );
    expect(card, 'the vote card reached the person').toBeDefined();

    const answer = await say(person, 'Accepter');
    expect(answer).toContain('«\u00a0Accepter\u00a0»');
    expect((await h.t.core.query.myBallot({ voteId, personId }))?.choice).toBe('ACCEPT');

    // The conversation asked since (the card it showed): its own choices answer the words now.
    expect(await say(person, 'refuser')).toContain('«\u00a0Refuser\u00a0»');
    expect((await h.t.core.query.myBallot({ voteId, personId }))?.choice).toBe('REFUSE');
  });

  it('answers /help and /myfiles in English, and /aide too', async () => {
    const person = h.fake.person({ languageCode: 'en' });
    expect(await command(person, '/help')).toBe(text('en', 'account:help.text'));
    expect(await command(person, '/aide')).toBe(text('en', 'account:help.text'));
    expect(await command(person, '/myfiles')).not.toBe(text('en', 'conversation:unknownCommand'));
  });
});
