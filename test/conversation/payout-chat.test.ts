import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { formatMoney, t as text } from '../../core/i18n/index.ts';
import { addParticipant, fixedOffer, inNegotiation, mediator, percentOffer } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { buttonIds, buttonLabels, chatAs, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });
let users = 0;

/** 259,21 €: what every person here claims. */
const CLAIMED = 25_921;

/**
 * A person in the terminal chat, admitted with a claim of 259,21 €, with one other adherent, through a
 * vote on `offer` to its payouts: what the chat showed at each step, and the payout the core created.
 */
async function throughTheAgreement(offer: ReturnType<typeof fixedOffer> | ReturnType<typeof percentOffer>) {
  const userId = `payee-${++users}`;
  const chat = chatAs(t.core, userId);
  await chat.command('aide');
  const personId = await personIdOf(t.db, userId);
  const { mediationId, members } = await inNegotiation(t, { admitted: 1 });
  const { participantId } = await addParticipant(t, mediationId, { personId, amountCents: CLAIMED });
  unwrap(await t.core.recordOffer(mediator, { mediationId, ...offer }));
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
  const onFiles = textOf(await chat.command('mesdossiers'));
  const onCard = textOf(await chat.command('voter'));
  await chat.press(`vote:cast:${voteId}:A`);
  for (const member of members)
    unwrap(await t.core.castBallot(personActor(member.personId), { voteId, choice: 'ACCEPT' }));
  unwrap(await t.core.closeVote(mediator, { voteId }));
  unwrap(
    await t.core.openAdhesion(mediator, {
      mediationId,
      adhesionClosesAt: new Date(closesAt.getTime() + 7 * DAY),
    }),
  );
  const asked = await t.db.prisma.outboxMessage.findFirstOrThrow({
    where: { kind: 'adhesionRequested', personId },
  });
  await chat.press(`adhesion:decide:${mediationId}:A`);
  for (const member of members)
    unwrap(await t.core.decideAdhesion(personActor(member.personId), { mediationId, decision: 'ADHERED' }));
  unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
  const payout = await t.db.prisma.payout.findFirstOrThrow({ where: { participantId } });
  return { chat, personId, mediationId, members, payout, onFiles, onCard, asked };
}

describe('the money a person is shown before deciding', () => {
  for (const [offer, expected] of [
    [fixedOffer(5_000), 5_000],
    // 33,33 % of 259,21 € is 86,394… €: rounded down to the cent, never up.
    [percentOffer(3_333), 8_639],
    // 75 % would be 194,40 €: the cap of 150 € applies.
    [percentOffer(7_500, 15_000), 15_000],
  ] as const) {
    it(`is what is paid, to the cent (${offer.compensation.kind}${'capCents' in offer.compensation ? ', capped' : ''})`, async () => {
      const journey = await throughTheAgreement(offer);
      const shown = formatMoney(expected, 'fr');
      const line = text('fr', 'agreement:chat.compensation.VOTING', { amount: shown });
      expect(journey.onFiles).toContain(line);
      expect(journey.onCard).toContain(line);
      expect(journey.asked.payload).toMatchObject({ params: { yourAmount: { money: expected } } });
      expect(journey.payout.amountCents).toBe(expected);
    });
  }
});

describe('the payout in the chat', () => {
  it('is confirmed from /mesdossiers; a second press and a forged or malformed id change nothing', async () => {
    const { chat, payout, members } = await throughTheAgreement(fixedOffer(4_990));
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payout.id }));
    const files = await chat.command('mesdossiers');
    expect(textOf(files)).toContain(
      text('fr', 'agreement:chat.payout.SENT', {
        amount: formatMoney(4_990, 'fr'),
        sentAt: '2 mars 2026 à 10\u00a0h',
      }),
    );
    expect(buttonLabels(files)).toEqual(expect.arrayContaining(['Je l’ai reçu', 'Signaler un problème']));
    expect(buttonIds(files)).toEqual(
      expect.arrayContaining([`payout:confirm:${payout.id}`, `payout:problem:${payout.id}`]),
    );

    const other = await t.db.prisma.payout.findFirstOrThrow({
      where: { participantId: members[0]?.participantId },
    });
    for (const forged of [
      `payout:confirm:${other.id}`,
      'payout:confirm:not-an-id',
      `payout:problem:${other.id}`,
    ]) {
      expect(textOf(await chat.press(forged))).toBe(text('fr', 'agreement:errors.payoutNotFound'));
    }
    expect((await t.db.prisma.payout.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('PENDING');

    expect(textOf(await chat.press(`payout:confirm:${payout.id}`))).toBe(
      text('fr', 'agreement:chat.confirmed'),
    );
    expect(textOf(await chat.press(`payout:confirm:${payout.id}`))).toBe(
      text('fr', 'agreement:chat.alreadyConfirmed'),
    );
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'payout.confirmed', subjectId: payout.id } }),
    ).toBe(1);
    const after = await chat.command('mesdossiers');
    expect(textOf(after)).toContain(
      text('fr', 'agreement:chat.payout.CONFIRMED', { amount: formatMoney(4_990, 'fr') }),
    );
    expect(buttonIds(after)).not.toContain(`payout:confirm:${payout.id}`);
    expect(textOf(await chat.press(`payout:problem:${payout.id}`))).toBe(
      text('fr', 'agreement:errors.payoutAlreadyConfirmed'),
    );
  });

  it('takes a problem in the person’s words, with second chances, and acknowledges it', async () => {
    const { chat, payout, mediationId } = await throughTheAgreement(fixedOffer(3_000));
    unwrap(await t.core.markPayoutSent(mediator, { payoutId: payout.id }));
    expect(textOf(await chat.press(`payout:problem:${payout.id}`))).toContain('Que se passe-t-il');
    expect(textOf(await chat.text(' \u200b '))).toBe(text('fr', 'account:contact.empty'));
    expect(textOf(await chat.text('x'.repeat(2_001)))).toContain('Votre message fait 2\u202f001 caractères');
    expect(textOf(await chat.command('annuler'))).toContain(text('fr', 'joining:cancel.done'));
    expect((await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe('SENT');

    await chat.press(`payout:problem:${payout.id}`);
    const note = 'Rien reçu sur mon compte\u202e, trois semaines après.';
    expect(textOf(await chat.text(note))).toBe(text('fr', 'agreement:chat.problemSent'));
    const row = await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } });
    // Stored cleaned: the right-to-left override that could disguise the text is gone.
    expect(row).toMatchObject({
      status: 'PROBLEM',
      problemNote: 'Rien reçu sur mon compte, trois semaines après.',
    });
    const [relayed] = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'payoutProblem', payload: { path: ['refs', 'payoutId'], equals: payout.id } },
    });
    expect(relayed?.payload).toMatchObject({ refs: { mediationId } });
    const files = await chat.command('mesdossiers');
    expect(textOf(files)).toContain(text('fr', 'participants:next.payoutProblem'));
    // Still awaited: the buttons stay, so the money arriving can be confirmed.
    expect(buttonIds(files)).toContain(`payout:confirm:${payout.id}`);
  });
});

describe('/contact about a file', () => {
  it('asks which mediation when the person has several files, and tells the mediators which', async () => {
    const { chat, personId, mediationId } = await throughTheAgreement(fixedOffer(1_000));
    const second = await inNegotiation(t, { admitted: 1 });
    const { participantId } = await addParticipant(t, second.mediationId, { personId });
    const asked = await chat.command('contact', 'Où en est mon dossier ?');
    expect(textOf(asked)).toBe(text('fr', 'account:contact.which'));
    expect(buttonLabels(asked)).toHaveLength(3);
    expect(textOf(await chat.text('Bonjour'))).toBe(text('fr', 'account:contact.pickFirst'));
    expect(textOf(await chat.press(`contact:about:${participantId}`))).toBe(
      text('fr', 'account:contact.sent'),
    );
    const [relayed] = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'contactMessage', payload: { path: ['refs', 'personId'], equals: personId } },
    });
    expect(relayed?.payload).toMatchObject({
      textKey: 'account:notify.contactMessage.aboutFile',
      params: { message: 'Où en est mon dossier ?', file: participantId.slice(0, 8) },
      refs: { participantId, mediationId: second.mediationId },
    });
    expect(mediationId).not.toBe(second.mediationId);

    await chat.command('contact');
    expect(textOf(await chat.press('contact:about:none'))).toContain('Écrivez votre message');
    await chat.text('Une question générale.');
    // Matched by its text, not by its place in time: two relays may share a timestamp.
    const general = await t.db.prisma.outboxMessage.findMany({
      where: {
        kind: 'contactMessage',
        payload: { path: ['params', 'message'], equals: 'Une question générale.' },
      },
    });
    expect(general.map((row) => row.payload)).toEqual([
      expect.objectContaining({
        textKey: 'account:notify.contactMessage.general',
        refs: expect.objectContaining({ personId }),
      }),
    ]);
  });
});
