import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import type { IncomingEvent } from '../../bots/conversation/types.ts';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import { addParticipant, fixedOffer, inNegotiation, mediator } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { columnsHolding } from '../support/every-column.ts';
import { textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });

/** Words nobody else would write: wherever they are found, they are this person's. */
const NOTE = 'Rien reçu : le virement Zanzibar-7731 est parti chez ma voisine Mme Quelquechose.';
const NEEDLES = ['Zanzibar-7731', 'Quelquechose'];

function telegramChat(userId: string) {
  const conversation = createConversation(t.core, consumerFlows);
  const send = (event: IncomingEvent) =>
    conversation.handle({ platform: 'TELEGRAM', userId, chatId: userId, languageCode: 'fr', event });
  return {
    command: (name: string, args = '') => send({ type: 'command', name, args }),
    text: (typed: string) => send({ type: 'text', text: typed }),
    press: (id: string) => send({ type: 'choice', id }),
  };
}

/** A Telegram adherent through a vote, the signing and a payout marked sent (as in payout-chat). */
async function paidAdherent(userId: string) {
  const chat = telegramChat(userId);
  await chat.command('aide');
  const { personId } = await t.db.prisma.platformIdentity.findFirstOrThrow({
    where: { platform: 'TELEGRAM', externalId: userId },
  });
  const { mediationId, members } = await inNegotiation(t, { admitted: 1 });
  const { participantId } = await addParticipant(t, mediationId, { personId, amountCents: 25_921 });
  unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer(3_000) }));
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
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
  await chat.press(`adhesion:decide:${mediationId}:A`);
  for (const member of members)
    unwrap(await t.core.decideAdhesion(personActor(member.personId), { mediationId, decision: 'ADHERED' }));
  unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
  const payout = await t.db.prisma.payout.findFirstOrThrow({ where: { participantId } });
  unwrap(await t.core.markPayoutSent(mediator, { payoutId: payout.id }));
  return { chat, personId, participantId, payout };
}

describe('erasure after a payout problem', () => {
  it('leaves no trace of the person’s words in any column of any table', async () => {
    const { chat, personId, payout } = await paidAdherent('tg-erase-1');
    await chat.press(`payout:problem:${payout.id}`);
    expect(textOf(await chat.text(NOTE))).toBe(text('fr', 'agreement:chat.problemSent'));
    // The mediators answer it, quoting the person.
    const relayed = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'payoutProblem' } });
    const messageId = (relayed.payload as { refs: { messageId: string } }).refs.messageId;
    unwrap(
      await t.core.answerContact(mediator, {
        messageId,
        message: 'Nous vérifions le virement Zanzibar-7731 avec l’entreprise.',
      }),
    );
    // The same words again to /contact, and a step left half-way with them.
    await chat.command('contact', `À propos du virement Zanzibar-7731 : toujours rien.`);
    await chat.command('contact');
    await chat.text('Quelquechose');
    // Unanswered on Telegram when a process died: the update still holds what was typed.
    await t.db.prisma.inboundUpdate.create({
      data: {
        platform: 'TELEGRAM',
        updateId: '990001',
        status: 'received',
        body: { update_id: 990001, message: { from: { id: 'tg-erase-1' }, text: NOTE } },
        journal: { note: NOTE },
        leasedUntil: t.clock.now(),
      },
    });
    // Someone else's pending update is none of this erasure's business.
    await t.db.prisma.inboundUpdate.create({
      data: {
        platform: 'TELEGRAM',
        updateId: '990002',
        status: 'received',
        body: { update_id: 990002, message: { from: { id: 'tg-someone-else' }, text: 'bonjour' } },
        leasedUntil: t.clock.now(),
      },
    });
    for (const needle of NEEDLES) expect(await columnsHolding(t.db, needle)).not.toEqual([]);

    const asked = await chat.command('supprimer');
    expect(textOf(asked)).toContain('Voulez-vous vraiment tout supprimer');
    await chat.press('erase:confirm');
    await storedFilesSettled();

    for (const needle of NEEDLES) expect(await columnsHolding(t.db, needle)).toEqual([]);
    expect(await t.db.prisma.platformIdentity.count({ where: { personId } })).toBe(0);
    expect(
      await t.db.prisma.inboundUpdate.findUniqueOrThrow({
        where: { platform_updateId: { platform: 'TELEGRAM', updateId: '990001' } },
      }),
    ).toMatchObject({ status: 'abandoned', body: null, journal: null, replies: null });
    expect(
      await t.db.prisma.inboundUpdate.findUniqueOrThrow({
        where: { platform_updateId: { platform: 'TELEGRAM', updateId: '990002' } },
      }),
    ).toMatchObject({ status: 'received', body: expect.anything() });
    // The payout and its amount stay for the agreement's accounts; the audit chain is checked at the end.
    expect(await t.db.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      amountCents: 3_000,
      status: 'PROBLEM',
      problemNote: null,
    });
  });
});
