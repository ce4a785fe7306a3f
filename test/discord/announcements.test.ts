import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { fixedOffer, inNegotiation, mediator } from '../mediations/fixtures.ts';
import { testDispatch } from '../outbox/support.ts';
import {
  ENGLISH_GUILD_ID,
  ENGLISH_NEWS_CHANNEL_ID,
  type FakeDiscordPerson,
  GUILD_ID,
  MANAGER_PERMISSIONS,
  NEWS_CHANNEL_ID,
  READ_ONLY_CHANNEL_ID,
} from '../support/fake-discord.ts';
import { act, useDiscordBot } from './harness.ts';

const h = useDiscordBot();
const GONE_CHANNEL_ID = '900000000000000099';

/** `/annonces` as a person types it in the server, with a channel chosen in Discord's picker. */
async function announcements(person: FakeDiscordPerson, options: { channel?: string; stop?: boolean } = {}) {
  const slashOptions: object[] = [];
  if (options.channel) slashOptions.push({ name: 'salon', type: 7, value: options.channel });
  if (options.stop !== undefined) slashOptions.push({ name: 'arreter', type: 5, value: options.stop });
  const resolved = options.channel
    ? {
        channels: {
          [options.channel]: { id: options.channel, name: 'salon', type: 0, permissions: person.permissions },
        },
      }
    : undefined;
  return act(h, () => person.slash('annonces', slashOptions as never, resolved as never));
}

const chosenChannels = () => h.t.db.prisma.announcementChannel.findMany({ orderBy: { serverId: 'asc' } });
const deliverAll = () =>
  dispatchOnce(
    h.t.core.deps,
    { people: [h.bot.deliveryChannel], announcements: [h.bot.deliveryChannel] },
    testDispatch(h.t.clock),
  );
const postedIn = (channelId: string) => h.fake.postedIn(channelId).map((message) => message.content);

describe('the announcement channel of a Discord server', () => {
  it('registers /annonces for server managers only, in servers only, with a channel and a stop option', () => {
    const put = h.fake.calls.find((call) => call.method === 'PUT');
    const command = ((put?.body ?? []) as { name: string }[]).find((c) => c.name === 'annonces');
    expect(command).toMatchObject({
      name_localizations: { 'en-US': 'announcements' },
      default_member_permissions: '32',
      contexts: [0],
      options: [
        { name: 'salon', type: 7, required: false, channel_types: [0, 5] },
        { name: 'arreter', type: 5, required: false, name_localizations: { 'en-US': 'stop' } },
      ],
    });
  });

  it('politely refuses a member who may not manage the server, privately, and stores nothing', async () => {
    const member = h.fake.person({ locale: 'fr' });
    const { text: reply, interaction } = await announcements(member, { channel: NEWS_CHANNEL_ID });
    expect(reply).toBe(text('fr', 'discord:announcements.notManager'));
    expect(h.fake.callsFor(interaction)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(await chosenChannels()).toEqual([]);
    const audit = await h.t.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: 'announcements.' } },
    });
    expect(audit).toEqual([]);
  });

  it('refuses a channel the bot cannot write in, saying what to fix', async () => {
    const manager = h.fake.person({ locale: 'fr', permissions: MANAGER_PERMISSIONS });
    const { text: reply } = await announcements(manager, { channel: READ_ONLY_CHANNEL_ID });
    expect(reply).toBe(text('fr', 'discord:announcements.cannotPost', { channel: READ_ONLY_CHANNEL_ID }));
    expect(await chosenChannels()).toEqual([]);
  });

  it('stores a manager’s choice (audited), shows it, stops and starts again', async () => {
    const manager = h.fake.person({ locale: 'fr', permissions: MANAGER_PERMISSIONS });
    expect((await announcements(manager)).text).toBe(text('fr', 'discord:announcements.none'));
    const { text: reply, interaction } = await announcements(manager, { channel: NEWS_CHANNEL_ID });
    expect(reply).toBe(text('fr', 'discord:announcements.set', { channel: NEWS_CHANNEL_ID }));
    expect(h.fake.callsFor(interaction)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(await chosenChannels()).toEqual([
      expect.objectContaining({
        platform: 'DISCORD',
        serverId: GUILD_ID,
        channelId: NEWS_CHANNEL_ID,
        setBy: manager.id,
      }),
    ]);
    expect((await announcements(manager)).text).toBe(
      text('fr', 'discord:announcements.current', { channel: NEWS_CHANNEL_ID }),
    );

    expect((await announcements(manager, { stop: true })).text).toBe(
      text('fr', 'discord:announcements.stopped'),
    );
    expect(await chosenChannels()).toEqual([]);
    const english = h.fake.person({ locale: 'en-US', permissions: MANAGER_PERMISSIONS });
    expect((await announcements(english, { channel: NEWS_CHANNEL_ID })).text).toBe(
      text('en', 'discord:announcements.set', { channel: NEWS_CHANNEL_ID }),
    );

    const audit = await h.t.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: 'announcements.' } },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((entry) => [entry.actor, entry.action, entry.subjectId])).toEqual([
      ['system:discord', 'announcements.channelSet', `DISCORD:${GUILD_ID}`],
      ['system:discord', 'announcements.channelRemoved', `DISCORD:${GUILD_ID}`],
      ['system:discord', 'announcements.channelSet', `DISCORD:${GUILD_ID}`],
    ]);
    expect(audit[0]?.details).toMatchObject({ channelId: NEWS_CHANNEL_ID, serverId: GUILD_ID });
  });

  it('posts the news of a vote in each server’s channel, in its language, skipping a gone channel, and nothing personal', async () => {
    // Two more servers: an English one, and one whose channel was deleted since it was chosen.
    const adapter = systemActor('discord');
    for (const [serverId, channelId] of [
      [ENGLISH_GUILD_ID, ENGLISH_NEWS_CHANNEL_ID],
      ['900000000000000098', GONE_CHANNEL_ID],
    ] as const) {
      unwrap(
        await h.t.core.setAnnouncementChannel(adapter, {
          platform: 'DISCORD',
          serverId,
          channelId,
          setBy: 'x',
        }),
      );
    }
    h.fake.refuseChannel(GONE_CHANNEL_ID, 404, 10003, 'Unknown Channel');

    const { mediationId, members } = await inNegotiation(h.t, { admitted: 3, newsPublic: true });
    await deliverAll();
    expect(postedIn(NEWS_CHANNEL_ID)).toEqual([expect.stringContaining('Nouvelle médiation collective')]);
    expect(postedIn(NEWS_CHANNEL_ID)[0]).toContain('/rejoindre red-fees-');
    expect(postedIn(ENGLISH_NEWS_CHANNEL_ID)).toEqual([expect.stringContaining('New collective mediation')]);
    expect(postedIn(ENGLISH_NEWS_CHANNEL_ID)[0]).toContain('/join red-fees-');

    unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const closesAt = new Date(h.t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await h.t.core.openVote(mediator, { mediationId, closesAt }));
    // A 429 on the first post: the news come back later, and each server still gets them once.
    h.fake.rateLimitNext(1, 1);
    await deliverAll();
    // One row per server: only the copy that met the 429 waits.
    const waiting = await h.t.db.prisma.outboxMessage.findMany({
      where: { dedupKey: { startsWith: `news:voteOpened:${voteId}:DISCORD:` }, status: 'PENDING' },
    });
    expect(waiting).toEqual([expect.objectContaining({ lastError: expect.stringContaining('discord:429') })]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    h.t.clock.advance(60_000);
    await deliverAll();

    const receipts: string[] = [];
    for (const [i, member] of members.entries()) {
      const choice = i === 2 ? 'REFUSE' : 'ACCEPT';
      receipts.push(
        unwrap(await h.t.core.castBallot(personActor(member.personId), { voteId, choice })).receiptCode,
      );
    }
    h.t.clock.set(closesAt);
    unwrap(await h.t.core.closeVote(mediator, { voteId }));
    await deliverAll();

    const french = postedIn(NEWS_CHANNEL_ID);
    expect(french).toHaveLength(3);
    expect(french[1]).toContain('Vote ouvert — «\u00a0Frais cachés RED\u00a0» (offre n° 1)');
    expect(french[2]).toContain(
      'l’offre est REFUSÉE.\n2 pour sur 3 votant·es possibles, soit 66,67\u00a0% (il en fallait au moins 75\u00a0%)',
    );
    const english = postedIn(ENGLISH_NEWS_CHANNEL_ID);
    expect(english).toHaveLength(3);
    expect(english[1]).toContain('Vote open — “RED hidden fees” (offer no. 1)');
    expect(english[2]).toContain('the offer is REJECTED.\n2 for out of 3 possible voters, that is 66.67%');

    // One row per news item and server: delivered to the two live channels; the gone channel's copies
    // were dropped and logged, not retried.
    const rows = await h.t.db.prisma.outboxMessage.findMany({
      where: { audience: 'public', dedupKey: { contains: ':DISCORD:' } },
    });
    const statusOf = (serverId: string) =>
      rows.filter((row) => row.dedupKey.endsWith(`:${serverId}`)).map((row) => row.status);
    expect(statusOf(ENGLISH_GUILD_ID)).toEqual(['SENT', 'SENT', 'SENT']);
    expect(statusOf('900000000000000098')).toEqual(['UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE']);
    expect(rows.filter((row) => row.status === 'SENT')).toHaveLength(6);
    expect(postedIn(GONE_CHANNEL_ID)).toEqual([]);
    const gone = rows.filter((row) => row.status === 'UNREACHABLE');
    expect(gone.map((row) => row.lastError)).toEqual(Array(3).fill(expect.stringContaining('discord:10003')));

    // What reached the servers: POSTs to the chosen channels only, mentioning nobody, naming nobody.
    const posts = h.fake.calls.filter(
      (call) =>
        call.method === 'POST' &&
        [NEWS_CHANNEL_ID, ENGLISH_NEWS_CHANNEL_ID].some((id) => call.path === `/channels/${id}/messages`),
    );
    expect(posts.length).toBeGreaterThanOrEqual(6);
    const participants = await h.t.db.prisma.participant.findMany({ where: { mediationId } });
    const personal = [
      ...members.flatMap((member) => [member.personId, member.participantId]),
      ...participants.map((participant) => participant.id),
      ...receipts,
      '100,00',
      '€',
      '50,00',
      'Remboursement forfaitaire',
    ];
    for (const post of posts) {
      const body = post.body as { content: string; allowed_mentions: unknown; components?: unknown };
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.components).toBeUndefined();
      for (const secret of personal) expect(body.content).not.toContain(secret);
    }
  }, 30_000);
});
