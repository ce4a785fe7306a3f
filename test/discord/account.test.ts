import { describe, expect, it } from 'vitest';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { testDispatch } from '../outbox/support.ts';
import { APPLICATION_ID, GUILD_ID } from '../support/fake-discord.ts';
import { act, deliverNotifications, slash, useDiscordBot } from './harness.ts';

const h = useDiscordBot();
const mediator = mediatorActor('slack:T1/U1');

/** A person writes with /contact and a mediator answers: one personal notification waits in the outbox. */
async function answeredContact(person: { id: string }, words = 'Où en est mon dossier, s’il vous plaît ?') {
  const fakePerson = person as Parameters<typeof slash>[1];
  expect(await slash(h, fakePerson, 'contact', [{ name: 'message', type: 3, value: words }])).toContain(
    text('fr', 'account:contact.sent'),
  );
  const { personId } = await identityOf(person);
  const relayed = await h.t.db.prisma.outboxMessage.findMany({ where: { kind: 'contactMessage' } });
  const refs = relayed.map((row) => (row.payload as { refs: { messageId: string; personId: string } }).refs);
  const { messageId } = refs.find((ref) => ref.personId === personId) ?? { messageId: '' };
  unwrap(
    await h.t.core.answerContact(mediator, { messageId, message: 'Votre dossier est en cours d’examen.' }),
  );
}

const identityOf = (person: { id: string }) =>
  h.t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'DISCORD', externalId: person.id } },
  });

describe('the Discord bot', () => {
  it('registers its slash commands in the configured server, in French with en-US names and descriptions', () => {
    const put = h.fake.calls.find((call) => call.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    const commands = put?.body as {
      name: string;
      name_localizations: Record<string, string>;
      description: string;
      description_localizations: Record<string, string>;
      options: { name: string; type: number }[];
    }[];
    expect(commands.map((command) => command.name)).toEqual([
      'accueil',
      'mediations',
      'rejoindre',
      'mesdossiers',
      'voter',
      'retirer',
      'langue',
      'aide',
      'faq',
      'contact',
      'confidentialite',
      'mesdonnees',
      'lier',
      'delier',
      'supprimer',
      'annuler',
      'justificatif',
      'annonces',
    ]);
    for (const command of commands) {
      expect(command.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(command.name_localizations['en-US']).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.description_localizations['en-US']?.length).toBeLessThanOrEqual(100);
    }
    const byName = new Map(commands.map((command) => [command.name, command]));
    expect(byName.get('mesdossiers')).toMatchObject({
      name_localizations: { 'en-US': 'myfiles' },
      description: 'Mes dossiers et la suite',
      description_localizations: { 'en-US': 'My files and what comes next' },
    });
    // Evidence arrives as an attachment option (type 11).
    expect(byName.get('justificatif')?.options).toEqual([
      expect.objectContaining({ name: 'fichier', type: 11 }),
    ]);
  });

  it('marks a person whose DMs are closed (50007) unreachable, and tells them at their next interaction', async () => {
    const bea = h.fake.person({ locale: 'fr' });
    await answeredContact(bea);
    h.fake.closeDms(bea);
    await dispatchOnce(h.t.core.deps, { people: [h.bot.deliveryChannel] }, testDispatch(h.t.clock));
    expect((await identityOf(bea)).unreachableAt).not.toBeNull();
    const answer = await h.t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'contactAnswer', personId: (await identityOf(bea)).personId },
    });
    expect(answer.lastError).toContain('discord:50007');
    expect(bea.dms()).toEqual([]);

    const next = await slash(h, bea, 'aide');
    expect(next).toContain(text('fr', 'discord:dmClosed'));
    // Told once: the mark is cleared by the contact, and a later failure marks it again.
    expect((await identityOf(bea)).unreachableAt).toBeNull();
    expect(await slash(h, bea, 'aide')).not.toContain(text('fr', 'discord:dmClosed'));
  });

  it('leaves the waiting to the outbox when Discord answers 429', async () => {
    const carl = h.fake.person({ locale: 'fr' });
    await answeredContact(carl);
    h.fake.rateLimitNext(1, 1);
    const triedAt = h.t.clock.now().getTime();
    await dispatchOnce(h.t.core.deps, { people: [h.bot.deliveryChannel] }, testDispatch(h.t.clock));
    const { personId } = await identityOf(carl);
    const row = await h.t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'contactAnswer', personId },
    });
    expect(row).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('discord:429') });
    // Not before Discord's `retry_after`.
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(triedAt + 1000);
    expect(carl.dms()).toEqual([]);
    // @discordjs/rest keeps the route's limit in real time too.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    h.t.clock.advance(60_000);
    expect(await deliverNotifications(h, carl)).toContain('Votre dossier est en cours d’examen.');
  });

  it('does nothing twice for a replayed interaction', async () => {
    const dan = h.fake.person({ locale: 'fr' });
    await slash(h, dan, 'aide');
    const { interaction } = await act(h, () =>
      dan.slash('contact', [{ name: 'message', type: 3, value: 'Une seule fois, merci.' }]),
    );
    const sent = h.fake.callsFor(interaction).length;
    const payload = h.fake.interactionPayload(interaction.id);
    h.fake.replay(payload);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(h.fake.callsFor(interaction)).toHaveLength(sent);
    const { personId } = await identityOf(dan);
    const contacted = await h.t.db.prisma.auditEntry.findMany({
      where: { action: 'person.contacted', subjectId: personId },
    });
    expect(contacted).toHaveLength(1);
    expect(h.logs.some((line) => line.msg === 'interaction already handled')).toBe(true);
  });

  it('refuses a proof file larger than the limit without downloading it', async () => {
    const eve = h.fake.person({ locale: 'fr' });
    const huge = h.fake.addAttachment(new Uint8Array(10), 'scan.pdf', 'application/pdf', 50 * 1024 * 1024);
    const reply = await slash(h, eve, 'justificatif', [{ name: 'fichier', type: 11, value: huge.id }], {
      attachments: { [huge.id]: huge },
    });
    expect(reply).toContain(text('fr', 'discord:fileTooLarge', { maxMb: 20 }));
  });

  it('speaks English to an English Discord, « Answer » button included, and works from the DMs', async () => {
    const fay = h.fake.person({ locale: 'en-US', inGuild: false });
    const reply = await act(h, () => fay.slash('contact'));
    expect(reply.text).toContain(text('en', 'account:contact.ask', { max: 2000 }).slice(0, 30));
    const [message] = fay.seen();
    expect(message?.components[0]?.components[0]).toMatchObject({
      custom_id: 'discord:answer',
      label: 'Answer',
    });
    // From the DMs, no DM channel needs opening: the interaction's channel is the one.
    expect((await identityOf(fay)).chatId).toBe(h.fake.dmChannelOf(fay.id));
  });
});
