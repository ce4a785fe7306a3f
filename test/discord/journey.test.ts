import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONTENT_LENGTH, MAX_CUSTOM_ID_LENGTH } from '../../bots/discord/render.ts';
import { DAY } from '../../core/clock/clock.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { sha256Hex } from '../../core/storage/evidence-store.ts';
import { jpegBytes } from '../conversation/joining-driver.ts';
import { fixedOffer } from '../mediations/fixtures.ts';
import { answer, deliverNotifications, press, slash, useDiscordBot } from './harness.ts';

const h = useDiscordBot();
const mediator = mediatorActor('slack:T1/U1');

beforeAll(async () => {
  await seedDemoData(h.t.db, h.t.clock);
});

describe('a consumer on Discord, from /mediations to the vote result', () => {
  it('browses, joins with buttons and forms, sends proof, votes from the DM and gets the result', async () => {
    const anna = h.fake.person({ locale: 'fr' });
    expect(await slash(h, anna, 'mediations')).toContain('Médiations ouvertes');
    expect(await press(h, anna, /^Frais supplémentaires avec RED by SFR/)).toContain(
      'Entreprise\u00a0: RED by SFR',
    );

    const consent = await slash(h, anna, 'rejoindre', [{ name: 'mediation', type: 3, value: 'red-by-sfr' }]);
    expect(consent).toContain(text('fr', 'participants:consent.terms'));
    for (let step = 0; step < 3; step++) await press(h, anna, 'Oui, j’accepte');
    await press(h, anna, 'Oui');
    await press(h, anna, 'Oui');
    expect(await press(h, anna, 'Non')).toContain(text('fr', 'joining:join.askDescription'));

    expect(await answer(h, anna, 'On m’a facturé un forfait « enrichi » sans mon accord.')).toContain(
      'Quel montant réclamez-vous',
    );
    expect(await answer(h, anna, 'douze euros')).toContain(
      text('fr', 'participants:errors.amount.notANumber'),
    );
    expect(await answer(h, anna, '1 234,56 €')).toContain('À quelle date le problème');
    await answer(h, anna, '15/01/2026');
    const evidencePrompt = await answer(h, anna, '02/02/2026');
    expect(evidencePrompt).toContain('justificatifs');
    expect(evidencePrompt).toContain('/justificatif');

    const receipt = jpegBytes(7);
    const attachment = h.fake.addAttachment(receipt, 'facture.jpg', 'image/jpeg');
    const uploaded = await slash(
      h,
      anna,
      'justificatif',
      [{ name: 'fichier', type: 11, value: attachment.id }],
      {
        attachments: { [attachment.id]: attachment },
      },
    );
    expect(uploaded).toContain('1 justificatif joint');
    expect(await press(h, anna, 'J’ai terminé')).toContain('Montant réclamé\u00a0: 1\u202f234,56\u00a0€');
    expect(await press(h, anna, 'Envoyer mon dossier')).toContain('envoyé');

    const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'DISCORD', externalId: anna.id } },
    });
    // Notifications go to the DM channel the bot opened with her (she used it from a server's channel).
    expect(identity.chatId).toBe(h.fake.dmChannelOf(anna.id));
    expect(h.fake.calls.some((call) => call.method === 'POST' && call.path === '/users/@me/channels')).toBe(
      true,
    );
    const participant = await h.t.db.prisma.participant.findFirstOrThrow({
      where: { personId: identity.personId },
    });
    expect(participant).toMatchObject({ status: 'SUBMITTED', amountCents: 123456 });
    const [evidence] = await h.t.db.prisma.evidence.findMany({ where: { participantId: participant.id } });
    expect(evidence).toMatchObject({ mimeType: 'image/jpeg', sha256: sha256Hex(receipt) });

    expect(await slash(h, anna, 'mesdossiers')).toContain('RED by SFR');

    unwrap(await h.t.core.admitParticipant(mediator, { participantId: participant.id }));
    expect(await deliverNotifications(h, anna)).toContain('RED by SFR');
    const mediationId = participant.mediationId;
    unwrap(await h.t.core.closeRegistration(mediator, { mediationId }));
    unwrap(await h.t.core.inviteCompany(mediator, { mediationId }));
    unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const closesAt = new Date(h.t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await h.t.core.openVote(mediator, { mediationId, closesAt }));
    expect(await deliverNotifications(h, anna)).toContain('Remboursement forfaitaire des frais');

    // The ballot's own button, pressed in the DM.
    const voted = await press(h, anna, 'Accepter');
    expect(voted).toContain('vous avez choisi «\u00a0Accepter\u00a0»');
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(voted)?.[1];
    expect(await h.t.db.prisma.ballot.findMany({ where: { voteId } })).toEqual([
      expect.objectContaining({ choice: 'ACCEPT', receiptCode: code }),
    ]);

    h.t.clock.set(closesAt);
    unwrap(await h.t.core.closeVote(mediator, { voteId }));
    const result = await deliverNotifications(h, anna);
    expect(result).toContain('l’offre est ACCEPTÉE');
    expect(result).toContain('1 pour sur 1 votant·e possible, soit 100\u00a0%');
  }, 90_000);

  it('answered every interaction privately (ephemeral), never in the channel, within the limits', () => {
    const callbacks = h.fake.calls.filter((call) => call.path.endsWith('/callback'));
    expect(callbacks.length).toBeGreaterThan(20);
    for (const call of callbacks) {
      const body = call.body as { type: number; data?: { flags?: number } };
      // 9 opens a form, seen by the person only; every message-bearing answer carries the flag 64.
      if (body.type !== 9) expect(body, JSON.stringify(body)).toMatchObject({ type: 5, data: { flags: 64 } });
    }
    const followUps = h.fake.calls.filter(
      (call) => call.method === 'POST' && call.path.startsWith('/webhooks/'),
    );
    expect(followUps.length).toBeGreaterThan(0);
    for (const call of followUps) expect((call.body as { flags: number }).flags & 64).toBe(64);
    // The only messages posted to a channel are DMs; nothing personal reaches a server's channel.
    const posted = h.fake.calls.filter((call) => call.method === 'POST' && /^\/channels\//.test(call.path));
    const dmChannels = new Set(
      h.fake.messages.filter((m) => m.channelId !== 'interaction').map((m) => m.channelId),
    );
    for (const call of posted) expect(dmChannels.has(call.path.split('/')[2] ?? '')).toBe(true);
    for (const message of h.fake.messages) {
      expect(message.content.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
      for (const row of message.components)
        for (const button of row.components)
          expect(button.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
    }
  });
});
