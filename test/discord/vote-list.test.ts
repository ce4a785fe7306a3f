import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { t as text } from '../../core/i18n/index.ts';
import type { FakeDiscordPerson, SeenMessage } from '../support/fake-discord.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { act, type DiscordHarness, press, seenBy, slash, useDiscordBot } from './harness.ts';

const h: DiscordHarness = useDiscordBot();

async function personIdOf(person: FakeDiscordPerson): Promise<string> {
  const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'DISCORD', externalId: person.id } },
  });
  return identity.personId;
}

/** Presses a button by its id under the person's latest message, as a stale message would still offer it. */
const click = async (person: FakeDiscordPerson, customId: string) =>
  (await act(h, () => person.click(customId, seenBy(h, person).at(-1) as SeenMessage))).text;

describe('the published list of a vote, on Discord', () => {
  it('is attached to the answer with exactly the published bytes, refused before the close', async () => {
    const ines = h.fake.person({ locale: 'fr' });
    await slash(h, ines, 'aide');
    const vote = await votedByPerson(h.t, await personIdOf(ines));
    expect(await click(ines, `vote:list:${vote.voteId}`)).toBe(
      text('fr', 'account:vote.receipt.notPublished'),
    );
    expect(seenBy(h, ines).flatMap((message) => message.files)).toEqual([]);

    const { list, sha256 } = await vote.close();
    expect(await click(ines, `vote:open:${vote.voteId}`)).toContain('Vote clos le ');
    // The first two uploads lose their connection: the list still arrives (discord.js cannot replay
    // a multipart body alone, and the try after a reset may meet a connection closed as idle).
    h.fake.resetNextUpload();
    h.fake.resetNextUpload();
    expect(await press(h, ines, 'Télécharger la liste')).toBe(
      text('fr', 'account:vote.list.file', { digest: sha256 }),
    );
    const answer = seenBy(h, ines).at(-1);
    // Only she sees it, like every answer of the bot.
    expect(answer?.flags).toBe(64);
    const [file, ...more] = answer?.files ?? [];
    expect(more).toEqual([]);
    expect(file?.name).toBe(`vote-${vote.voteId.slice(0, 8)}-receipts.csv`);
    const bytes = Buffer.from(file?.bytes ?? []);
    expect(bytes.equals(Buffer.from(list, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);

    const stranger = h.fake.person({ locale: 'fr' });
    await slash(h, stranger, 'aide');
    expect(await click(stranger, `vote:list:${vote.voteId}`)).toBe(text('fr', 'account:vote.notYours'));
    expect(seenBy(h, stranger).flatMap((message) => message.files)).toEqual([]);
  });
});
