import { describe, expect, it } from 'vitest';
import { renderReplies as discordMessages, renderWords } from '../../bots/discord/render.ts';
import { renderReplies as telegramMessages } from '../../bots/telegram/render.ts';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { formatDateTime, type Locale, renderNotification, t as text } from '../../core/i18n/index.ts';
import type { NotificationPayload } from '../../core/i18n/render.ts';
import { expandGroupNotifications } from '../../core/outbox/fan-out.ts';
import {
  addParticipant,
  fixedOffer,
  inNegotiation,
  mediator,
  openMediation,
} from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { buttonIds, chatAs, personIdOf, textOf } from './account-chat.ts';

// R612-1 and R612-4: before deciding, a consumer is told they are free to accept or refuse, may still go
// to court, that the solution may differ from a judge's, what adhering does, the deadline, that they may be
// assisted (lawyer, anyone, an expert) at their own cost, and that the mediation is free for them: in full
// on the rule card and in /faq, as a short reminder where the vote and the adhesion are decided.
const t = useTestCore({ checkAuditChain: true });
let users = 0;

const locales: Locale[] = ['fr', 'en'];

/** The key points, in each language, a full text must hold (the short reminders hold all but « free to take part »). */
const points: Record<Locale, string[]> = {
  fr: [
    'libre',
    'aller en justice',
    'juge',
    'vous engage',
    'avocat ou',
    'avis d’un expert, à vos frais',
    'gratuite pour vous',
    '/faq',
  ],
  en: [
    'free to',
    'going to court',
    'judge',
    'binds you',
    'lawyer or',
    "expert's opinion, at your own cost",
    'free for you',
    '/faq',
  ],
};

/** Fits every platform: Telegram takes 4,096 characters a message, Discord 2,000 (each reply is split). */
function expectEveryPlatformTakes(replies: Parameters<typeof telegramMessages>[0], locale: Locale) {
  for (const message of telegramMessages(replies)) expect(message.text.length).toBeLessThanOrEqual(4096);
  for (const message of discordMessages(replies, renderWords(locale)))
    expect(message.content.length).toBeLessThanOrEqual(2000);
}

describe('the rule card shown before joining', () => {
  for (const locale of locales) {
    it(`tells the rights before deciding, in full, above the join button (${locale})`, async () => {
      const { mediationId } = await openMediation(t, { admitted: 1 });
      const { slug } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: mediationId } });
      const chat = chatAs(t.core, `card-${++users}`, locale);
      const card = await chat.command('start', slug);
      const shown = textOf(card);
      expect(shown).toContain(text(locale, 'rights:ruleCard'));
      for (const point of points[locale]) expect(shown).toContain(point);
      expect(buttonIds(card)).toContain(`join:start:${mediationId}`);
      expectEveryPlatformTakes(card, locale);
    });
  }
});

describe('/faq', () => {
  for (const locale of locales) {
    it(`answers the questions, then the rights before deciding in a message of their own (${locale})`, async () => {
      const replies = await chatAs(t.core, `faq-${++users}`, locale).command('faq');
      expect(replies).toHaveLength(2);
      expect(replies[0]?.text).toBe(text(locale, 'account:faq.text'));
      expect(replies[1]?.text).toBe(text(locale, 'rights:faq'));
      const atOwnCost =
        locale === 'fr' ? ['avis d’un expert', 'à votre charge'] : ["expert's opinion", 'costs are yours'];
      const faqPoints = points[locale].filter((p) => p !== '/faq' && !p.includes('expert'));
      for (const point of [...faqPoints, ...atOwnCost]) expect(replies[1]?.text).toContain(point);
      // One message each on Discord too: the rights are never cut in the middle.
      expect(discordMessages(replies.slice(1), renderWords(locale))).toHaveLength(1);
      expectEveryPlatformTakes(replies, locale);
    });
  }
});

/** A person of the chat, admitted to a mediation in negotiation, whose offer is put to a vote. */
async function voteWithPerson(locale: Locale) {
  const userId = `voter-${++users}`;
  const chat = chatAs(t.core, userId, locale);
  await chat.command('aide');
  const personId = await personIdOf(t.db, userId);
  const { mediationId, members } = await inNegotiation(t, { admitted: 1 });
  await addParticipant(t, mediationId, { personId });
  unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
  return { chat, personId, mediationId, members, voteId, closesAt };
}

const notificationTo = async (personId: string, kind: string) => {
  await expandGroupNotifications(t.core.deps, { limit: 50 });
  const row = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind, personId } });
  return row.payload as unknown as NotificationPayload;
};

describe('the vote', () => {
  for (const locale of locales) {
    it(`reminds the rights, with the vote's deadline, on the card and in the notification that has the buttons (${locale})`, async () => {
      const v = await voteWithPerson(locale);
      const reminder = text(locale, 'rights:reminder.vote', { closesAt: formatDateTime(v.closesAt, locale) });
      expect(reminder.split('\n').length).toBeLessThanOrEqual(4);

      const card = await v.chat.command('voter');
      expect(textOf(card)).toContain(reminder);
      expect(buttonIds(card)).toContain(`vote:cast:${v.voteId}:A`);
      expectEveryPlatformTakes(card, locale);

      const notified = renderNotification(locale, await notificationTo(v.personId, 'voteOpened'));
      expect(notified).toContain(reminder);
      expect(notified).toContain(formatDateTime(v.closesAt, locale));
    });
  }
});

describe('the adhesion', () => {
  for (const locale of locales) {
    it(`reminds the rights and what adhering does, with the window's end, wherever one signs (${locale})`, async () => {
      const v = await voteWithPerson(locale);
      await v.chat.press(`vote:cast:${v.voteId}:A`);
      for (const member of v.members)
        unwrap(await t.core.castBallot(personActor(member.personId), { voteId: v.voteId, choice: 'ACCEPT' }));
      unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
      const adhesionClosesAt = new Date(v.closesAt.getTime() + 7 * DAY);
      unwrap(await t.core.openAdhesion(mediator, { mediationId: v.mediationId, adhesionClosesAt }));
      const closesAt = formatDateTime(adhesionClosesAt, locale);
      const reminder = text(locale, 'rights:reminder.adhesion', { closesAt });
      expect(reminder.split('\n').length).toBeLessThanOrEqual(4);

      // The request, with its buttons.
      const asked = renderNotification(locale, await notificationTo(v.personId, 'adhesionRequested'));
      expect(asked).toContain(reminder);
      // /mesdossiers, whose buttons sign too.
      const files = await v.chat.command('mesdossiers');
      expect(textOf(files)).toContain(reminder);
      expect(buttonIds(files)).toContain(`adhesion:decide:${v.mediationId}:A`);
      expectEveryPlatformTakes(files, locale);

      // The answer to each button says what it does.
      const adhered = textOf(await v.chat.press(`adhesion:decide:${v.mediationId}:A`));
      expect(adhered).toBe(text(locale, 'account:adhesion.done.ADHERED', { closesAt }));
      expect(adhered).toContain(locale === 'fr' ? 'Il vous engage' : 'It binds you');
      const declined = textOf(await v.chat.press(`adhesion:decide:${v.mediationId}:D`));
      expect(declined).toContain(locale === 'fr' ? 'vous restez libre' : 'you remain free');
      expect(
        await t.db.prisma.adhesion.findFirstOrThrow({ where: { participant: { personId: v.personId } } }),
      ).toMatchObject({ decision: 'DECLINED' });
    });
  }
});
