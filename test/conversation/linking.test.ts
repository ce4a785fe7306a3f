import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import type { IncomingEvent } from '../../bots/conversation/types.ts';
import { DAY } from '../../core/clock/clock.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, buttonIds, textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });
const mediator = mediatorActor('slack:T1/U1');

/** One account talking to the bot on a given platform (the terminal chat helper is CONSOLE only). */
function chatOn(platform: Platform, userId: string, languageCode = 'fr') {
  const conversation = createConversation(t.core, consumerFlows);
  const send = (event: IncomingEvent) =>
    conversation.handle({ platform, userId, chatId: `dm-${userId}`, languageCode, event });
  return {
    command: (name: string, args = '') => send({ type: 'command', name, args }),
    press: (id: string) => send({ type: 'choice', id }),
    async personId() {
      await send({ type: 'command', name: 'aide', args: '' });
      const identity = await t.db.prisma.platformIdentity.findFirstOrThrow({
        where: { platform, externalId: userId },
      });
      return identity.personId;
    },
  };
}

/** The code `/lier` shows, as the person reads it. */
async function codeShownTo(chat: ReturnType<typeof chatOn>) {
  const text = textOf(await chat.command('lier'));
  const code = /\/lier ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
  if (!code) throw new Error(`no code in: ${text}`);
  return { text, code };
}

describe('/lier', () => {
  it('shows a code on one app, then links the other app after a confirmation', async () => {
    const telegram = chatOn('TELEGRAM', 'tg-1');
    const discord = chatOn('DISCORD', 'dc-1');
    const keeperId = await telegram.personId();
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    await admit(t.db, f.mediationId, keeperId, t.clock.now());

    const { text, code } = await codeShownTo(telegram);
    expect(text).toContain('Voici votre code pour relier un autre compte\u00a0:');
    expect(text).toContain('valable 15\u00a0minutes');
    expect(text).toContain('Ne donnez ce code à personne');

    const asked = await discord.command('lier', code.toLowerCase());
    expect(textOf(asked)).toContain('Vous allez relier ce compte (Discord)');
    // The typing side is told what the other account will be able to do, and how to undo it.
    expect(textOf(asked)).toContain('pourra agir pour vous');
    expect(textOf(asked)).toContain('Les autres comptes de cette personne seront prévenus aussitôt');
    expect(textOf(asked)).toContain('/delier');
    const canonical = code.replace('-', '');
    expect(buttonIds(asked)).toEqual([`link:confirm:${canonical}`, 'link:keep']);
    expect(textOf(await discord.press('link:keep'))).toContain('rien n’a changé');
    expect(await discord.personId()).not.toBe(keeperId);

    const done = await discord.press(`link:confirm:${canonical}`);
    expect(textOf(done)).toContain('vos comptes sont reliés (Telegram, Discord)');
    expect(await discord.personId()).toBe(keeperId);
    // The Discord account now sees the file joined on Telegram.
    expect(textOf(await discord.command('mesdossiers'))).toContain('Frais supplémentaires');
    // The same code a second time: already used.
    expect(textOf(await chatOn('DISCORD', 'dc-1b').press(`link:confirm:${canonical}`))).toContain(
      'Ce code a déjà servi',
    );
  });

  it('explains a code of the wrong shape without counting it, and a wrong code in plain French', async () => {
    const discord = chatOn('DISCORD', 'dc-2');
    const personId = await discord.personId();
    expect(textOf(await discord.command('lier', 'abc'))).toContain('Ce code n’a pas la bonne forme');
    expect(await t.db.prisma.linkAttempt.count({ where: { personId } })).toBe(0);
    const asked = await discord.command('lier', 'ZZZZ-ZZZZ');
    expect(textOf(await discord.press(buttonIds(asked)[0] ?? ''))).toContain(
      'Ce code ne correspond à aucun compte',
    );
    expect(await t.db.prisma.linkAttempt.count({ where: { personId } })).toBe(1);
  });

  it('refuses to link two accounts that both joined the same mediation, and changes nothing', async () => {
    const telegram = chatOn('TELEGRAM', 'tg-3');
    const discord = chatOn('DISCORD', 'dc-3');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    const keeperFile = await admit(t.db, f.mediationId, await telegram.personId(), t.clock.now());
    const otherId = await discord.personId();
    const otherFile = await admit(t.db, f.mediationId, otherId, t.clock.now());

    const { code } = await codeShownTo(telegram);
    const refused = await discord.press(`link:confirm:${code.replace('-', '')}`);
    expect(textOf(refused)).toContain(
      'chacun a déjà un dossier dans la médiation «\u00a0Frais supplémentaires\u00a0»',
    );
    expect(textOf(refused)).toContain('Rien n’a été modifié');
    expect(await discord.personId()).toBe(otherId);
    const files = await t.db.prisma.participant.findMany({ where: { mediationId: f.mediationId } });
    expect(files.map((file) => [file.id, file.personId]).sort()).toEqual(
      [
        [keeperFile.id, keeperFile.personId],
        [otherFile.id, otherId],
      ].sort(),
    );
  });

  it('lets a person who voted on Telegram change their vote from Discord, never vote twice', async () => {
    const telegram = chatOn('TELEGRAM', 'tg-4');
    const discord = chatOn('DISCORD', 'dc-4');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    await admit(t.db, f.mediationId, await telegram.personId(), t.clock.now());
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    await telegram.press(`vote:cast:${voteId}:A`);
    expect(textOf(await discord.press(`vote:cast:${voteId}:R`))).not.toContain('code de reçu');

    const { code } = await codeShownTo(telegram);
    await discord.press(`link:confirm:${code.replace('-', '')}`);
    await discord.press(`vote:cast:${voteId}:R`);
    const ballots = await t.db.prisma.ballot.findMany({ where: { voteId } });
    expect(ballots.map((ballot) => ballot.choice)).toEqual(['REFUSE']);
  });

  it('answers in English too', async () => {
    const discord = chatOn('DISCORD', 'dc-5', 'en');
    expect(textOf(await discord.command('lier'))).toContain('Here is your code to link another account:');
    expect(textOf(await discord.command('aide'))).toContain(
      '/link — link your Telegram and Discord accounts',
    );
  });
});
