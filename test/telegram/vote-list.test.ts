import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { t as text } from '../../core/i18n/index.ts';
import type { FakePerson } from '../support/fake-telegram.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { command, exchange, press, useTelegramBot } from './harness.ts';

const h = useTelegramBot({ flows: consumerFlows });

async function personIdOf(person: FakePerson): Promise<string> {
  const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'TELEGRAM', externalId: String(person.id) } },
  });
  return identity.personId;
}

/** Someone who said hello to the bot, then had a file in a mediation whose vote they took part in. */
async function voter() {
  const person = h.fake.person({ languageCode: 'fr' });
  await command(person, '/aide');
  return { person, vote: await votedByPerson(h.t, await personIdOf(person)) };
}

/** What the database holds that could tell who downloaded a list. */
const traces = async (person: FakePerson) => ({
  audit: await h.t.db.prisma.auditEntry.count(),
  state: await h.t.db.prisma.conversationState.findMany({ where: { externalId: String(person.id) } }),
});

const pressId = (person: FakePerson, id: string) => exchange(person, () => person.press(id));

describe('the published list of a vote, on Telegram', () => {
  it('is sent as a document with exactly the published bytes, under « Télécharger la liste » of the closed vote', async () => {
    const { person, vote } = await voter();
    const { list, sha256 } = await vote.close();

    const card = await pressId(person, `vote:open:${vote.voteId}`);
    expect(card).toContain('Vote clos le ');
    expect(card).toContain(text('fr', 'account:vote.closed.listHint'));
    const before = await traces(person);
    const answer = await press(person, 'Télécharger la liste');
    expect(answer).toBe(text('fr', 'account:vote.list.file', { digest: sha256 }));

    const [document] = person.documents();
    expect(document?.name).toBe(`vote-${vote.voteId.slice(0, 8)}-receipts.csv`);
    const bytes = Buffer.from(document?.bytes ?? []);
    expect(bytes.equals(Buffer.from(list, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect(bytes.toString('utf8').split('\n')).toHaveLength(5); // header, 3 ballots, final line feed
    // Nothing remembers who took the list: no audit entry, no change to the person's chat state.
    expect(await traces(person)).toEqual(before);
  });

  it('is refused before the close, to a stranger to the mediation, and for an id no card ever showed', async () => {
    const { person, vote } = await voter();
    expect(await pressId(person, `vote:list:${vote.voteId}`)).toBe(
      text('fr', 'account:vote.receipt.notPublished'),
    );
    await vote.close();

    const stranger = h.fake.person({ languageCode: 'fr' });
    expect(await pressId(stranger, `vote:list:${vote.voteId}`)).toBe(text('fr', 'account:vote.notYours'));
    expect(await pressId(person, 'vote:list:00000000-0000-4000-8000-000000000000')).toBe(
      text('fr', 'conversation:staleButton'),
    );
    expect(await pressId(person, 'vote:list:pas-un-vote')).toBe(text('fr', 'conversation:staleButton'));
    expect([...person.documents(), ...stranger.documents()]).toEqual([]);
  });
});
