import { beforeAll, describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { DAY } from '../../core/clock/clock.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { sha256Hex } from '../../core/storage/evidence-store.ts';
import { jpegBytes } from '../conversation/joining-driver.ts';
import { fixedOffer } from '../mediations/fixtures.ts';
import { testDispatch } from '../outbox/support.ts';
import type { FakePerson } from '../support/fake-telegram.ts';
import { exchange, press, say, useTelegramBot } from './harness.ts';

const h = useTelegramBot({ flows: consumerFlows });
const mediator = mediatorActor('slack:T1/U1');

beforeAll(async () => {
  await seedDemoData(h.t.db, h.t.clock);
});

const deliverNotifications = (person: FakePerson) =>
  exchange(person, () =>
    dispatchOnce(
      h.t.core.deps,
      { people: [telegramDeliveryChannel(h.bot.telegram)] },
      testDispatch(h.t.clock),
    ),
  );

describe('a consumer on Telegram, from /start to the vote result', () => {
  it('joins "RED by SFR", is admitted, votes from the ballot notification, changes the vote and gets the result', async () => {
    const anna = h.fake.person({ languageCode: 'fr' });
    expect(await exchange(anna, () => anna.sendCommand('/start'))).toContain('médiation collective');
    expect(await press(anna, /^Frais supplémentaires avec RED by SFR/)).toContain(
      'Entreprise\u00a0: RED by SFR',
    );
    expect(await press(anna, 'Rejoindre cette médiation')).toContain(
      text('fr', 'participants:consent.terms'),
    );
    for (let consent = 0; consent < 3; consent++) await press(anna, 'Oui, j’accepte');
    await press(anna, 'Oui');
    await press(anna, 'Oui');
    await press(anna, 'Non');
    expect(await say(anna, 'On m’a facturé un forfait « enrichi » sans mon accord.')).toContain(
      'Quel montant réclamez-vous',
    );
    // A second chance after an amount that is not one.
    expect(await say(anna, 'douze euros')).toContain(text('fr', 'participants:errors.amount.notANumber'));
    expect(await say(anna, '1 234,56 €')).toContain('À quelle date le problème');
    await say(anna, '15/01/2026');
    expect(await say(anna, '02/02/2026')).toContain('justificatifs');
    const receipt = jpegBytes(7);
    const photo = h.fake.addFile(receipt);
    const uploaded = await exchange(anna, () =>
      anna.sendPhoto([{ file_id: photo.fileId, width: 800, height: 600, file_size: photo.size }]),
    );
    expect(uploaded).toContain('1 justificatif joint');
    expect(await press(anna, 'J’ai terminé')).toContain('Montant réclamé\u00a0: 1\u202f234,56\u00a0€');
    expect(await press(anna, 'Envoyer mon dossier')).toContain('envoyé');

    const identity = await h.t.db.prisma.platformIdentity.findFirstOrThrow({
      where: { externalId: String(anna.id) },
    });
    const participant = await h.t.db.prisma.participant.findFirstOrThrow({
      where: { personId: identity.personId },
    });
    expect(participant).toMatchObject({ status: 'SUBMITTED', amountCents: 123456 });
    const [evidence] = await h.t.db.prisma.evidence.findMany({ where: { participantId: participant.id } });
    expect(evidence).toMatchObject({ mimeType: 'image/jpeg', sha256: sha256Hex(receipt) });

    // The mediators admit the file: the notification reaches the chat through the outbox.
    unwrap(await h.t.core.admitParticipant(mediator, { participantId: participant.id }));
    expect(await deliverNotifications(anna)).toContain('RED by SFR');

    const mediationId = participant.mediationId;
    unwrap(await h.t.core.closeRegistration(mediator, { mediationId }));
    unwrap(await h.t.core.inviteCompany(mediator, { mediationId }));
    unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const closesAt = new Date(h.t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await h.t.core.openVote(mediator, { mediationId, closesAt }));
    const ballot = await deliverNotifications(anna);
    expect(ballot).toContain('Remboursement forfaitaire des frais');

    // Voting with the notification's own button, then changing one's mind.
    expect(await press(anna, 'Accepter')).toContain('vous avez choisi «\u00a0Accepter\u00a0»');
    await exchange(anna, () => anna.sendCommand('/voter'));
    const changed = await press(anna, 'Refuser');
    expect(changed).toContain('votre vote est changé');
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(changed)?.[1];
    const ballots = await h.t.db.prisma.ballot.findMany({ where: { voteId } });
    expect(ballots).toEqual([expect.objectContaining({ choice: 'REFUSE', receiptCode: code })]);

    h.t.clock.set(closesAt);
    unwrap(await h.t.core.closeVote(mediator, { voteId }));
    const result = await deliverNotifications(anna);
    expect(result).toContain('l’offre est REFUSÉE');
    expect(result).toContain(
      '0 pour sur 1 votant·e possible, soit 0\u00a0% (il en fallait au moins 75\u00a0%)\u00a0; 1 contre, 0 abstention et 0 sans réponse.',
    );
    // The result carries the button to check one's receipt in the published list.
    expect(await press(anna, text('fr', 'account:vote.button.check'))).toContain('code de reçu');
    // The whole journey makes ~40 round trips through telegraf and the fake: room for a busy 2-core CI.
  }, 90_000);

  it('opens a mediation from a deep link', async () => {
    const bruno = h.fake.person({ languageCode: 'fr' });
    const reply = await exchange(bruno, () => bruno.sendCommand('/start red-by-sfr'));
    expect(reply).toContain('Entreprise\u00a0: RED by SFR');
  });
});
