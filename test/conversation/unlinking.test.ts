import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import type { IncomingEvent } from '../../bots/conversation/types.ts';
import { MINUTE } from '../../core/clock/clock.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { personActor } from '../../core/domain/actor.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { FakeChannel, testDispatch } from '../outbox/support.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, buttonIds, buttonLabels, textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });

function chatOn(platform: Platform, userId: string) {
  const conversation = createConversation(t.core, consumerFlows);
  const send = (event: IncomingEvent) =>
    conversation.handle({ platform, userId, chatId: `dm-${userId}`, languageCode: 'fr', event });
  return {
    command: (name: string, args = '') => send({ type: 'command', name, args }),
    press: (id: string) => send({ type: 'choice', id }),
    async identity() {
      await send({ type: 'command', name: 'aide', args: '' });
      return t.db.prisma.platformIdentity.findFirstOrThrow({ where: { platform, externalId: userId } });
    },
  };
}

async function link(owner: ReturnType<typeof chatOn>, other: ReturnType<typeof chatOn>) {
  const shown = textOf(await owner.command('lier'));
  const code = /\/lier ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(shown)?.[1] ?? '';
  await other.command('lier', code);
  return other.press(`link:confirm:${code.replace('-', '')}`);
}

/** Every notification delivered, per platform, as the person reads it. */
async function deliver() {
  const telegram = new FakeChannel('TELEGRAM', t.clock);
  const discord = new FakeChannel('DISCORD', t.clock);
  await dispatchOnce(t.core.deps, { people: [telegram, discord] }, testDispatch(t.clock));
  const read = (channel: FakeChannel) =>
    channel.deliveries.map(({ message }) => ({
      chatId: message.chatId,
      kind: message.kind,
      text: text(message.locale, message.payload.textKey, message.payload.params as never),
    }));
  return { telegram: read(telegram), discord: read(discord) };
}

describe('linking cannot take an account over quietly', () => {
  it('tells every other account at once, in its own chat, how to undo it; /delier undoes it', async () => {
    const owner = chatOn('TELEGRAM', 'tg-owner');
    const stranger = chatOn('DISCORD', 'dc-stranger');
    const ownerIdentity = await owner.identity();
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    const ownerFile = await admit(t.db, f.mediationId, ownerIdentity.personId, t.clock.now());
    const strangerIdentity = await stranger.identity();
    const g = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    const strangerFile = await admit(t.db, g.mediationId, strangerIdentity.personId, t.clock.now());
    await deliver(); // what the set-up queued, out of the way

    // Someone got hold of the owner's code and typed it on Discord: they used Discord last, yet the
    // owner hears of it on Telegram, the account that was theirs.
    t.clock.advance(MINUTE);
    expect(textOf(await link(owner, stranger))).toContain('vos comptes sont reliés');
    const told = await deliver();
    expect(told.telegram).toEqual([
      {
        chatId: 'dm-tg-owner',
        kind: 'accountLinked',
        text: text('fr', 'linking:notify.linked', { platforms: 'Discord' }),
      },
    ]);
    expect(told.telegram[0]?.text).toContain('tapez /delier ici tout de suite');
    expect(told.discord).toEqual([]);

    // The newer account may leave, never push the owner out.
    const fromStranger = await stranger.command('delier');
    expect(textOf(fromStranger)).toContain('Telegram, relié le');
    expect(buttonIds(fromStranger)).toEqual([`unlink:pick:${strangerIdentity.id}`, 'unlink:keep']);
    expect(textOf(await stranger.press(`unlink:confirm:${ownerIdentity.id}`))).toBe(
      text('fr', 'conversation:staleButton'),
    );
    expect(
      await t.core.unlinkAccount(personActor(ownerIdentity.personId), {
        identityId: ownerIdentity.id,
        by: { platform: 'DISCORD', externalId: 'dc-stranger' },
        confirm: true,
      }),
    ).toMatchObject({ ok: false, error: { messageKey: 'linking:errors.mayNotUnlink' } });

    // The owner lists the accounts, picks the stranger's, reads what will happen, and confirms.
    const listed = await owner.command('delier');
    expect(textOf(listed)).toContain('Telegram (ce compte-ci)');
    expect(textOf(listed)).toContain('Discord, relié le');
    expect(buttonLabels(listed)).toEqual([
      'Délier ce compte-ci',
      'Délier le compte Discord',
      'Non, ne rien changer',
    ]);
    const asked = await owner.press(`unlink:pick:${strangerIdentity.id}`);
    expect(textOf(asked)).toBe(text('fr', 'linking:unlink.confirmOther', { platform: 'Discord' }));
    expect(buttonIds(asked)).toEqual([`unlink:confirm:${strangerIdentity.id}`, 'unlink:keep']);
    expect(textOf(await owner.press('unlink:keep'))).toBe(text('fr', 'linking:unlink.kept'));
    expect((await stranger.identity()).personId).toBe(ownerIdentity.personId);

    const done = await owner.press(`unlink:confirm:${strangerIdentity.id}`);
    expect(textOf(done)).toContain(text('fr', 'linking:unlink.doneOther', { platform: 'Discord' }));
    expect(textOf(done)).toContain(text('fr', 'linking:unlink.filesReturned', { count: 1 }));

    // The stranger is on their own again, with the file they brought and nothing of the owner's.
    const after = await t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { id: strangerIdentity.id },
    });
    expect(after).toMatchObject({
      personId: strangerIdentity.personId,
      linkedAt: null,
      linkedFromPersonId: null,
    });
    const person = await t.db.prisma.person.findUniqueOrThrow({ where: { id: strangerIdentity.personId } });
    expect(person.erasedAt).toBeNull();
    expect(await t.db.prisma.participant.findUniqueOrThrow({ where: { id: strangerFile.id } })).toMatchObject(
      { personId: strangerIdentity.personId, linkedFromPersonId: null },
    );
    expect(await t.db.prisma.participant.findUniqueOrThrow({ where: { id: ownerFile.id } })).toMatchObject({
      personId: ownerIdentity.personId,
    });
    expect(textOf(await stranger.command('delier'))).toBe(text('fr', 'linking:unlink.none'));
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'person.unlinked' } });
    expect(audit).toMatchObject({
      actor: `person:${ownerIdentity.personId}`,
      subjectId: ownerIdentity.personId,
      details: {
        identityId: strangerIdentity.id,
        platform: 'DISCORD',
        toPersonId: strangerIdentity.personId,
        filesReturned: 1,
        revived: true,
      },
    });

    // The stranger's account is told in its own chat; the owner read the answer.
    const unlinked = await deliver();
    expect(unlinked.telegram).toEqual([]);
    expect(unlinked.discord).toEqual([
      expect.objectContaining({
        chatId: 'dm-dc-stranger',
        text: text('fr', 'linking:notify.unlinkedThis', { platform: 'Discord' }),
      }),
    ]);
  });

  it('lets the account that was there first leave by itself, with no file, and tells the one left behind', async () => {
    const first = chatOn('TELEGRAM', 'tg-first');
    const second = chatOn('DISCORD', 'dc-second');
    const firstIdentity = await first.identity();
    await second.identity();
    await link(first, second);
    const keeper = firstIdentity.personId;
    const asked = await first.press(`unlink:pick:${firstIdentity.id}`);
    expect(textOf(asked)).toBe(text('fr', 'linking:unlink.confirmThis', { platform: 'Telegram' }));
    expect(textOf(await first.press(`unlink:confirm:${firstIdentity.id}`))).toBe(
      text('fr', 'linking:unlink.doneThis', { platform: 'Telegram' }),
    );
    const now = await first.identity();
    expect(now.personId).not.toBe(keeper);
    expect((await second.identity()).personId).toBe(keeper);
    expect(await t.db.prisma.participant.count({ where: { personId: now.personId } })).toBe(0);
    // The account left behind hears of it in its own chat.
    const told = await deliver();
    expect(told.discord).toEqual([
      expect.objectContaining({
        chatId: 'dm-dc-second',
        text: text('fr', 'linking:notify.unlinkedOther', { platform: 'Telegram' }),
      }),
    ]);
    expect(told.telegram.map((message) => message.kind)).not.toContain('accountUnlinked');
  });
});
