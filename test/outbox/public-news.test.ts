import { beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../core/clock/clock.ts';
import { mediatorActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { renderNotification } from '../../core/i18n/render.ts';
import type { DeliveryChannels } from '../../core/outbox/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { createDraft, makePublic } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addPerson, FakeChannel, testDispatch } from './support.ts';

const start = new Date('2026-03-02T09:00:00Z');
const t = useTestCore({ start });
const mediator = mediatorActor('U0MEDIATOR');
let telegram: FakeChannel;
let discordPeople: FakeChannel;
let discordNews: FakeChannel;
let telegramNews: FakeChannel;
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
  telegram = new FakeChannel('TELEGRAM', t.clock);
  discordPeople = new FakeChannel('DISCORD', t.clock);
  discordNews = new FakeChannel('DISCORD', t.clock);
  telegramNews = new FakeChannel('TELEGRAM', t.clock);
});

const dispatch = (channels: DeliveryChannels) => dispatchOnce(t.core.deps, channels, testDispatch(t.clock));

/** A news item, queued the way the core does: by opening the registration of a mediation made public. */
async function openRegistrationNews() {
  const mediationId = await createDraft(t);
  await makePublic(t, mediationId);
  unwrap(await t.core.openRegistration(mediator, { mediationId }));
  return mediationId;
}

async function joinAs(personId: string, mediationId: string) {
  const consents = { terms: true, grouping: true, dataProcessing: true };
  unwrap(await t.core.joinMediation({ kind: 'person', personId }, { mediationId, consents }));
}

/** A community server that chose where news go (the adapter calls this for a server manager). */
async function announceIn(platform: 'DISCORD' | 'TELEGRAM', serverId: string, channelId: string) {
  unwrap(
    await t.core.setAnnouncementChannel(systemActor(platform.toLowerCase()), {
      platform,
      serverId,
      channelId,
      setBy: 'manager-1',
    }),
  );
}

const publicRows = () =>
  t.db.prisma.outboxMessage.findMany({ where: { audience: 'public' }, orderBy: { dedupKey: 'asc' } });

describe('public news', () => {
  it('waits in the outbox, not lost, while no process has an announcements channel', async () => {
    await announceIn('DISCORD', 'guild-1', 'chan-1');
    await openRegistrationNews();
    const report = await dispatch({ people: [telegram, discordPeople] });
    expect(report).toMatchObject({ claimed: 0, newsExpanded: 0 });
    expect(telegram.deliveries).toEqual([]);
    expect(discordPeople.deliveries).toEqual([]);
    expect((await publicRows()).map((row) => row.status)).toEqual(['PENDING']);

    // The Discord adapter starts: the same news item goes out, once.
    const later = await dispatch({ people: [telegram, discordPeople], announcements: [discordNews] });
    expect(later).toMatchObject({ newsExpanded: 1, sent: 1 });
    expect(discordNews.deliveries).toHaveLength(1);
    expect(discordPeople.deliveries).toEqual([]);
  });

  it('is delivered once to each server’s channel, as public news in French with both languages in its params', async () => {
    await announceIn('DISCORD', 'guild-1', 'chan-1');
    await announceIn('DISCORD', 'guild-2', 'chan-2');
    await announceIn('TELEGRAM', 'group-1', '-1001');
    const mediationId = await openRegistrationNews();
    const channels = { people: [telegram], announcements: [discordNews, telegramNews] };
    expect(await dispatch(channels)).toMatchObject({ newsExpanded: 1, claimed: 3, sent: 3 });
    expect(await dispatch(channels)).toMatchObject({ newsExpanded: 0, claimed: 0 });

    const message = discordNews.deliveries.find((delivery) => delivery.message.chatId === 'chan-1')?.message;
    expect(message).toMatchObject({
      kind: 'newsRegistrationOpened',
      audience: 'public',
      chatId: 'chan-1',
      locale: 'fr',
      attempt: 1,
      payload: {
        textKey: 'news:registrationOpened',
        params: { title: { fr: 'Frais cachés RED', en: 'RED hidden fees' } },
        refs: { mediationId, serverId: 'guild-1' },
      },
    });
    expect(discordNews.deliveries.map((delivery) => delivery.message.chatId).sort()).toEqual([
      'chan-1',
      'chan-2',
    ]);
    expect(
      telegramNews.deliveries.map((delivery) => [delivery.message.kind, delivery.message.chatId]),
    ).toEqual([['newsRegistrationOpened', '-1001']]);
    const rows = await publicRows();
    expect(rows.map((row) => [row.dedupKey, row.status])).toEqual([
      [`news:registrationOpened:${mediationId}`, 'SENT'],
      [`news:registrationOpened:${mediationId}:DISCORD:guild-1`, 'SENT'],
      [`news:registrationOpened:${mediationId}:DISCORD:guild-2`, 'SENT'],
      [`news:registrationOpened:${mediationId}:TELEGRAM:group-1`, 'SENT'],
    ]);
    const text = renderNotification('fr', message?.payload ?? { textKey: '' });
    expect(text).toContain('Nouvelle médiation collective\u00a0: «\u00a0Frais cachés RED\u00a0»');
    expect(renderNotification('en', message?.payload ?? { textKey: '' })).toContain('RED hidden fees');
  });

  it('is retried on the platform that failed only: the other never gets it twice', async () => {
    await announceIn('DISCORD', 'guild-1', 'chan-1');
    await announceIn('TELEGRAM', 'group-1', '-1001');
    await openRegistrationNews();
    telegramNews.answer = () => ({ status: 'retry', afterSeconds: 30, reason: 'telegram:429' });
    const channels = { people: [], announcements: [discordNews, telegramNews] };
    expect(await dispatch(channels)).toMatchObject({ sent: 1, retried: 1 });
    telegramNews.answer = () => ({ status: 'sent' });
    t.clock.advance(5 * MINUTE);
    expect(await dispatch(channels)).toMatchObject({ claimed: 1, sent: 1 });
    expect(discordNews.deliveries).toHaveLength(1);
    expect(telegramNews.deliveries.map((delivery) => delivery.message.attempt)).toEqual([1, 2]);
  });

  it('carries nothing about any person', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: 'private-chat-of-nadia' }]);
    await announceIn('DISCORD', 'guild-1', 'chan-1');
    const mediationId = await openRegistrationNews();
    await joinAs(personId, mediationId);
    await dispatch({ people: [telegram], announcements: [discordNews] });
    const [message] = discordNews.deliveries.map((delivery) => delivery.message);
    expect(Object.keys(message?.payload.params ?? {}).sort()).toEqual(['closesAt', 'summary', 'title']);
    expect(Object.keys(message?.payload.refs ?? {}).sort()).toEqual(['mediationId', 'serverId', 'slug']);
    expect(JSON.stringify(message)).not.toContain(personId);
    expect(JSON.stringify(message)).not.toContain('private-chat-of-nadia');
    expect((await publicRows()).every((row) => row.personId === null)).toBe(true);
  });
});

describe('the announcement channel of a server', () => {
  it('is set, moved and removed by the adapter for a server manager, and audited pseudonymously', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'DISCORD', chatId: 'u-42' }]);
    const adapter = systemActor('discord');
    const set = (serverId: string, channelId: string | null) =>
      t.core.setAnnouncementChannel(adapter, { platform: 'DISCORD', serverId, channelId, setBy: 'u-42' });
    unwrap(await set('guild-1', 'chan-1'));
    unwrap(await set('guild-2', 'chan-9'));
    unwrap(await set('guild-1', 'chan-2'));
    expect(await t.core.query.announcementChannels({ platform: 'DISCORD' })).toEqual([
      { serverId: 'guild-1', channelId: 'chan-2' },
      { serverId: 'guild-2', channelId: 'chan-9' },
    ]);
    expect(await t.core.query.announcementChannels({ platform: 'TELEGRAM' })).toEqual([]);
    unwrap(await set('guild-2', null));
    expect(await t.core.query.announcementChannels({ platform: 'DISCORD' })).toEqual([
      { serverId: 'guild-1', channelId: 'chan-2' },
    ]);

    const audit = await t.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: 'announcements.' } },
    });
    expect(audit.map((entry) => [entry.actor, entry.action, entry.subjectId])).toEqual([
      ['system:discord', 'announcements.channelSet', 'DISCORD:guild-1'],
      ['system:discord', 'announcements.channelSet', 'DISCORD:guild-2'],
      ['system:discord', 'announcements.channelSet', 'DISCORD:guild-1'],
      ['system:discord', 'announcements.channelRemoved', 'DISCORD:guild-2'],
    ]);
    expect(audit[0]?.details).toEqual({
      platform: 'DISCORD',
      serverId: 'guild-1',
      channelId: 'chan-1',
      setByPersonId: personId,
    });
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain('u-42');
  });

  it('is only for the adapters, and its manager’s account id goes with their erasure', async () => {
    const { personId } = await addPerson(t.db, [{ platform: 'DISCORD', chatId: 'u-43' }]);
    const input = { platform: 'DISCORD' as const, serverId: 'guild-3', channelId: 'chan-3', setBy: 'u-43' };
    expect(await t.core.setAnnouncementChannel(mediator, input)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    unwrap(await t.core.setAnnouncementChannel(systemActor('discord'), input));
    const exported = unwrap(await t.core.exportPersonData({ kind: 'person', personId }, {}));
    expect(exported.announcementChannelsChosen).toEqual([
      expect.objectContaining({ platform: 'DISCORD', serverId: 'guild-3', channelId: 'chan-3' }),
    ]);
    unwrap(await t.core.erasePerson({ kind: 'person', personId }, { confirm: true }));
    expect(
      await t.db.prisma.announcementChannel.findUniqueOrThrow({
        where: { platform_serverId: { platform: 'DISCORD', serverId: 'guild-3' } },
      }),
    ).toMatchObject({ channelId: 'chan-3', setBy: null });
  });
});
