import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { notificationText } from '../../bots/conversation/site-links.ts';
import { DAY } from '../../core/clock/clock.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore();
const site = 'https://cessezlefeu.example';

/** Closes a vote on a fresh mediation; returns the result notification the participants are sent. */
async function resultNotification(newsPublic: boolean) {
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 2, newsPublic });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const mediator = mediatorActor('U0MEDIATOR');
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }));
  t.clock.set(closesAt);
  unwrap(await t.core.closeVote(mediator, { voteId }));
  const row = await t.db.prisma.outboxMessage.findUniqueOrThrow({
    where: { dedupKey: `voteResult:${voteId}` },
  });
  const slug = (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: fixture.mediationId } })).slug;
  return { slug, message: { kind: row.kind, payload: row.payload as never } };
}

describe('links from the chats to the public web site (PUBLIC_URL)', () => {
  it('lead a public mediation’s result to its results page, in the reader’s language', async () => {
    const { slug, message } = await resultNotification(true);
    expect(notificationText(message, 'fr', site)).toContain(
      `Sur le site\u00a0: ${site}/fr/mediations/${slug}/votes/1`,
    );
    expect(notificationText(message, 'en', site)).toContain(
      `On the web site: ${site}/en/mediations/${slug}/votes/1`,
    );
    // Without the site's address, no line at all.
    expect(notificationText(message, 'fr', undefined)).not.toContain('Sur le site');
  });

  it('never lead a private mediation’s result anywhere: it has no page', async () => {
    const { message } = await resultNotification(false);
    expect(notificationText(message, 'fr', site)).not.toContain(site);
  });

  it('put the page of a public mediation under its rule card in the chat', async () => {
    await seedDemoData(t.db, t.clock);
    const chat = createConversation(t.core, consumerFlows, { publicUrl: site });
    const replies = await chat.handle({
      platform: 'CONSOLE',
      userId: 'site-links',
      chatId: 'site-links',
      languageCode: 'fr',
      event: { type: 'command', name: 'start', args: 'kuvera' },
    });
    expect(textOf(replies)).toContain(`Sur le site\u00a0: ${site}/fr/mediations/kuvera`);
  });

  it('put a public vote’s results page under its closed card, and none for a private one', async () => {
    const chat = createConversation(t.core, consumerFlows, { publicUrl: site });
    const mediator = mediatorActor('U0MEDIATOR');
    for (const newsPublic of [true, false]) {
      const userId = `voter-${newsPublic}`;
      const send = (name: string) =>
        chat.handle({
          platform: 'CONSOLE',
          userId,
          chatId: userId,
          languageCode: 'fr',
          event: { type: 'command', name, args: '' },
        });
      await send('start');
      const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1, newsPublic });
      await admit(t.db, fixture.mediationId, await personIdOf(t.db, userId), t.clock.now());
      const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
      const { voteId } = unwrap(
        await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }),
      );
      t.clock.set(closesAt);
      unwrap(await t.core.closeVote(mediator, { voteId }));
      const card = textOf(await send('voter'));
      const { slug } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: fixture.mediationId } });
      expect(card).toContain('Résultat');
      if (newsPublic) expect(card).toContain(`Sur le site\u00a0: ${site}/fr/mediations/${slug}/votes/1`);
      else expect(card).not.toContain(site);
    }
  });
});
