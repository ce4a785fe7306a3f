import { beforeAll, describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as text } from '../../core/i18n/index.ts';
import { type FakePerson, waitFor } from '../support/fake-telegram.ts';
import { command, press, quiet, say, useTelegramBot } from './harness.ts';

const h = useTelegramBot({ flows: consumerFlows });

beforeAll(async () => {
  await seedDemoData(h.t.db, h.t.clock);
});

const DESCRIPTION = 'On m’a facturé un forfait « enrichi » sans mon accord.';
/** `1 234,56 €` as French typography writes it: narrow no-break space for thousands, no-break before €. */
const FRENCH_AMOUNT = '1\u202f234,56\u00a0€';

/** From the deep link to the amount question of "RED by SFR", by the buttons a person would press. */
async function joinUntilAmount(person: FakePerson): Promise<string> {
  await command(person, '/start red-by-sfr');
  await press(person, text('fr', 'joining:details.join'));
  for (let consent = 0; consent < 3; consent++) await press(person, 'Oui, j’accepte');
  await press(person, 'Oui');
  await press(person, 'Oui');
  await press(person, 'Non');
  const asked = await say(person, DESCRIPTION);
  expect(asked).toContain(text('fr', 'joining:join.askAmount'));
  return asked;
}

async function personOf(person: FakePerson) {
  const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'TELEGRAM', externalId: String(person.id) } },
  });
  return h.t.db.prisma.person.findUniqueOrThrow({ where: { id: identity.personId } });
}

const stateOf = (person: FakePerson) =>
  h.t.db.prisma.conversationState.findUnique({
    where: { platform_externalId: { platform: 'TELEGRAM', externalId: String(person.id) } },
  });

describe('the account commands on Telegram', () => {
  it('/langue switches to English and back: saved on the person, and the next reply is in that language', async () => {
    const claire = h.fake.person({ languageCode: 'fr' });
    expect(await command(claire, '/langue')).toContain(text('fr', 'account:language.ask'));
    expect(await press(claire, 'English')).toBe(text('en', 'account:language.done'));
    expect((await personOf(claire)).locale).toBe('en');
    // Her app still says French: the saved choice wins.
    expect(await command(claire, '/aide')).toContain('Here is what I can do');

    expect(await command(claire, '/langue')).toContain(text('en', 'account:language.ask'));
    expect(await press(claire, 'Français')).toBe(text('fr', 'account:language.done'));
    expect((await personOf(claire)).locale).toBe('fr');
    expect(await command(claire, '/aide')).toContain('Voici ce que je sais faire');
  });

  it('/retirer asks for confirmation, then withdraws the file', async () => {
    const denis = h.fake.person({ languageCode: 'fr' });
    await joinUntilAmount(denis);
    const { id: personId } = await personOf(denis);
    const asked = await command(denis, '/retirer');
    expect(asked).toContain('Vous allez vous retirer de la médiation');
    expect(await h.t.db.prisma.participant.findFirstOrThrow({ where: { personId } })).toMatchObject({
      status: 'DRAFT',
    });
    expect(await press(denis, text('fr', 'account:withdraw.yes'))).toContain(
      'vous êtes retiré·e de la médiation',
    );
    expect(await h.t.db.prisma.participant.findFirstOrThrow({ where: { personId } })).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnAt: expect.any(Date),
    });
  });

  it('/mesdonnees sends the summary, and the JSON as a document, with the complaint and its amount', async () => {
    const emma = h.fake.person({ languageCode: 'fr' });
    await joinUntilAmount(emma);
    expect(await say(emma, '1 234,56 €')).toContain(text('fr', 'joining:join.askProblemDate'));
    const exported = await command(emma, '/mesdonnees');
    expect(exported).toContain(`Montant réclamé\u00a0: ${FRENCH_AMOUNT}`);
    expect(exported).toContain(`Description\u00a0: ${DESCRIPTION}`);
    expect(exported).toContain('Comptes de messagerie reliés\u00a0: Telegram');
    // The full copy arrives as a document (sendDocument), its caption saying what it is.
    expect(emma.texts()).toContain(text('fr', 'account:export.json'));
    const [document] = emma.documents();
    expect(document?.name).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(Buffer.from(document?.bytes ?? []).toString('utf8'));
    expect(data.files).toEqual([
      expect.objectContaining({
        status: 'DRAFT',
        complaint: expect.objectContaining({ description: DESCRIPTION, amountCents: 123_456 }),
      }),
    ]);
    const { id: personId } = await personOf(emma);
    expect(
      await h.t.db.prisma.auditEntry.count({ where: { action: 'person.dataExported', subjectId: personId } }),
    ).toBe(1);
  });

  it('/supprimer erases the person after confirmation: no identity, no conversation state left', async () => {
    const fanny = h.fake.person({ languageCode: 'fr' });
    await joinUntilAmount(fanny);
    const { id: personId } = await personOf(fanny);
    expect(await stateOf(fanny)).not.toBeNull();
    expect(await command(fanny, '/supprimer')).toContain('C’est définitif');
    const bye = await press(fanny, text('fr', 'account:erase.yes'));
    expect(bye).toContain(text('fr', 'account:erase.done'));
    expect(bye).toContain(text('fr', 'account:erase.withdrawn', { count: 1 }));

    expect(
      (await h.t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).erasedAt,
    ).not.toBeNull();
    expect(await h.t.db.prisma.platformIdentity.count({ where: { personId } })).toBe(0);
    expect(await h.t.db.prisma.platformIdentity.count({ where: { externalId: String(fanny.id) } })).toBe(0);
    expect(await stateOf(fanny)).toBeNull();
    const file = await h.t.db.prisma.participant.findFirstOrThrow({ where: { personId } });
    expect(file).toMatchObject({ status: 'WITHDRAWN', description: null });
  });
});

describe('the Telegram bot under pressure and across a restart', () => {
  it('answers 50 messages sent at once by one person and keeps one consistent state', async () => {
    const gael = h.fake.person({ languageCode: 'fr' });
    await joinUntilAmount(gael);
    const { id: personId } = await personOf(gael);
    const before = await stateOf(gael);
    const sentBefore = gael.texts().length;
    const updatesBefore = await h.t.db.prisma.inboundUpdate.count();
    // Each distinct, none an amount: the first handled is the answer, the others get a second chance.
    const messages = Array.from(
      { length: 50 },
      (_, index) => `pas de montant ici, message ${'x'.repeat(index)}`,
    );
    await Promise.all(messages.map((message) => gael.sendText(message)));
    // One person's messages are handled one after the other: 5 s alone, four times that on a busy CI.
    await waitFor(() => gael.texts().length >= sentBefore + 100, 80_000);
    await quiet(gael, 300);

    // Each wrong amount gets its explanation and the question again: two messages per update.
    const replies = gael.texts().slice(sentBefore);
    const explained = replies.filter(
      (reply) => reply === text('fr', 'participants:errors.amount.notANumber'),
    );
    const askedAgain = replies.filter((reply) => reply === text('fr', 'joining:join.askAmount'));
    expect(explained).toHaveLength(50);
    expect(askedAgain).toHaveLength(50);
    expect(replies).toHaveLength(100);
    expect(replies).not.toContain(text('fr', 'errors:internal'));
    expect(replies).not.toContain(text('fr', 'conversation:busy'));
    expect(await h.t.db.prisma.inboundUpdate.count()).toBe(updatesBefore + 50);
    expect(await h.t.db.prisma.platformIdentity.count({ where: { externalId: String(gael.id) } })).toBe(1);
    expect(await h.t.db.prisma.participant.findMany({ where: { personId } })).toEqual([
      expect.objectContaining({ status: 'DRAFT', description: DESCRIPTION, amountCents: null }),
    ]);
    const after = await stateOf(gael);
    expect(after).toMatchObject({ flow: before?.flow, step: before?.step });
    expect(after?.version).toBe((before?.version ?? 0) + 50);
    // Still on the amount step: the next right answer is taken.
    expect(await say(gael, '1 234,56 €')).toContain(text('fr', 'joining:join.askProblemDate'));
  }, 120_000);

  it('resumes a half-done join after a restart: the amount question is answered by the new bot', async () => {
    const hugo = h.fake.person({ languageCode: 'fr' });
    await joinUntilAmount(hugo);
    const { id: personId } = await personOf(hugo);
    const oldBot = h.bot;
    await h.restart();
    expect(h.bot).not.toBe(oldBot);

    expect(await say(hugo, '1 234,56 €')).toContain(text('fr', 'joining:join.askProblemDate'));
    expect(await h.t.db.prisma.participant.findFirstOrThrow({ where: { personId } })).toMatchObject({
      status: 'DRAFT',
      description: DESCRIPTION,
      amountCents: 123_456,
    });
    expect(await say(hugo, '15/01/2026')).toContain('réclamation écrite');
    expect(h.errors).toEqual([]);
  });
});
