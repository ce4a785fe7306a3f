import { describe, expect, it } from 'vitest';
import { notificationChoices } from '../../bots/conversation/notification-choices.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, buttonIds, buttonLabels, chatAs, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });
const mediator = mediatorActor('slack:T1/U1');

/** A mediation in VOTING whose electorate is two strangers and the person behind `userId`. */
async function votingWithPerson(userId: string) {
  const chat = chatAs(t.core, userId);
  await chat.command('aide');
  const personId = await personIdOf(t.db, userId);
  const fixture = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 2 });
  const participant = await admit(t.db, fixture.mediationId, personId, t.clock.now());
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: fixture.mediationId, closesAt }));
  return { chat, personId, participant, voteId, closesAt, ...fixture };
}

const receiptIn = (text: string) => /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];

describe('voting in the chat', () => {
  it('shows the rule card, takes a vote by button, changes it, ignores a repeated click, then checks the receipt after closing', async () => {
    const v = await votingWithPerson('voter-1');

    const card = await v.chat.command('voter');
    expect(textOf(card)).toContain('Frais supplémentaires — offre n°\u00a01');
    expect(textOf(card)).toContain('Remboursement de 50 €');
    expect(textOf(card)).toContain(
      'Règle\u00a0: l’offre est acceptée si au moins 75\u00a0% des participant·es appelé·es à voter l’acceptent\u00a0; ne pas voter ou s’abstenir revient donc à ne pas accepter.',
    );
    // 09:00 UTC on 9 March is 10:00 in Paris (winter time).
    expect(textOf(card)).toContain('9 mars 2026 à 10\u00a0h (heure de Paris)');
    expect(textOf(card)).toContain('Participation jusqu’ici\u00a0: 0 sur 3.');
    expect(buttonLabels(card)).toEqual(['Accepter', 'Refuser', 'M’abstenir']);
    const ids = buttonIds(card);
    expect(ids).toEqual(['A', 'R', 'X'].map((code) => `vote:cast:${v.voteId}:${code}`));
    for (const id of ids) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);

    const first = await v.chat.press(`vote:cast:${v.voteId}:A`);
    const firstReceipt = receiptIn(textOf(first));
    expect(textOf(first)).toContain('vous avez choisi «\u00a0Accepter\u00a0»');
    expect(textOf(first)).toContain('sera publiée sans aucun nom');
    let ballots = await t.db.prisma.ballot.findMany({ where: { voteId: v.voteId } });
    expect(ballots).toEqual([expect.objectContaining({ choice: 'ACCEPT', receiptCode: firstReceipt })]);

    const again = await v.chat.command('voter');
    expect(textOf(again)).toContain(
      `Votre choix actuel\u00a0: «\u00a0Accepter\u00a0» (code de reçu ${firstReceipt})`,
    );
    expect(textOf(again)).toContain('1 sur 3');

    const changed = await v.chat.press(`vote:cast:${v.voteId}:R`);
    const receipt = receiptIn(textOf(changed));
    expect(textOf(changed)).toContain('votre vote est changé');
    expect(receipt).not.toEqual(firstReceipt);
    ballots = await t.db.prisma.ballot.findMany({ where: { voteId: v.voteId } });
    expect(ballots).toEqual([expect.objectContaining({ choice: 'REFUSE', receiptCode: receipt })]);

    const repeated = await v.chat.press(`vote:cast:${v.voteId}:R`);
    expect(textOf(repeated)).toContain('Rien n’a changé');
    expect(textOf(repeated)).toContain(receipt);
    expect((await t.db.prisma.ballot.findFirstOrThrow({ where: { voteId: v.voteId } })).receiptCode).toBe(
      receipt,
    );
    const audited = await t.db.prisma.auditEntry.findMany({
      where: { subjectId: v.voteId, action: { startsWith: 'ballot.' } },
    });
    expect(audited.map((entry) => entry.action)).toEqual(['ballot.cast', 'ballot.changed']);
    expect(JSON.stringify(audited.map((entry) => entry.details))).not.toMatch(/REFUSE|ACCEPT/);

    t.clock.set(v.closesAt);
    unwrap(await t.core.closeVote(mediator, { voteId: v.voteId }));
    expect(await t.db.prisma.ballot.count({ where: { voteId: v.voteId } })).toBe(0);

    const late = await v.chat.press(`vote:cast:${v.voteId}:A`);
    expect(textOf(late)).toContain('Ce vote est clos');
    expect(textOf(late)).toContain(
      'Résultat\u00a0: offre refusée. 0 pour sur 3 votant·es possibles, soit 0\u00a0% (il en fallait au moins 75\u00a0%)\u00a0; 1 contre, 0 abstention et 2 sans réponse.',
    );

    const result = await v.chat.press(`vote:open:${v.voteId}`);
    expect(textOf(result)).toContain('offre refusée');
    expect(buttonIds(result)).toEqual([`vote:check:${v.voteId}`, `vote:list:${v.voteId}`]);
    // Once the result has scrolled away, /voter still leads to the closed vote and its two checks.
    const later = await v.chat.command('voter');
    expect(textOf(later)).toContain('Vous n’avez aucun vote en cours. Voici le dernier vote clos');
    expect(textOf(later)).toContain('offre refusée');
    expect(buttonIds(later)).toEqual([`vote:check:${v.voteId}`, `vote:list:${v.voteId}`]);
    expect(textOf(await v.chat.press(`vote:check:${v.voteId}`))).toContain('Tapez votre code de reçu');
    expect(textOf(await v.chat.text('pas un code'))).toContain('Ce n’est pas un code de reçu');
    expect(textOf(await v.chat.text('0000-0000-0000'))).toContain(
      'ne figure pas dans la liste publiée de ce vote (1 bulletin)',
    );
    // Retyped in lower case and without dashes: still the same code.
    const found = await v.chat.text(receipt?.toLowerCase().replaceAll('-', ' ') ?? '');
    expect(textOf(found)).toContain(
      `Votre code ${receipt} figure dans la liste publiée, avec le choix «\u00a0Refuser\u00a0»`,
    );
    // …and the list it was found in is checked against the digest the close wrote in the audit log.
    const { resultsSha256 } = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: v.voteId } });
    expect(textOf(found)).toContain(`La liste publiée est intacte`);
    expect(textOf(found)).toContain(`sha256 ${resultsSha256}`);
    // Nothing in the conversation's saved state ties this person to their receipt.
    const states = await t.db.prisma.conversationState.findMany({ where: { externalId: 'voter-1' } });
    expect(JSON.stringify(states)).not.toContain(receipt);
    expect(textOf(await v.chat.text('encore'))).toContain('Je n’attends pas de réponse');
  });

  it('lists several running votes, and keeps a stranger away from a vote that is not theirs', async () => {
    const a = await votingWithPerson('voter-2');
    const b = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    await admit(t.db, b.mediationId, a.personId, t.clock.now());
    const closesAt = new Date(t.clock.now().getTime() + 3 * DAY);
    const { voteId: second } = unwrap(
      await t.core.openVote(mediator, { mediationId: b.mediationId, closesAt }),
    );

    const list = await a.chat.command('voter');
    expect(textOf(list)).toContain('Vous avez 2 votes en cours');
    expect(buttonIds(list)).toEqual([`vote:open:${second}`, `vote:open:${a.voteId}`]);

    const stranger = chatAs(t.core, 'stranger');
    expect(textOf(await stranger.command('voter'))).toContain('Vous n’avez aucun vote en cours');
    expect(textOf(await stranger.press(`vote:open:${a.voteId}`))).toContain('Ce vote ne vous concerne pas');
    expect(textOf(await stranger.press(`vote:cast:${a.voteId}:A`))).toContain(
      'Vous ne faites pas partie des votant·es',
    );
    expect(await t.db.prisma.ballot.count({ where: { voteId: a.voteId } })).toBe(0);
  });
});

describe('buttons carried by notifications', () => {
  it('gives a ballot the three vote buttons, a result the receipt check, and other news none', () => {
    const voteId = '0b6f7c1e-2f4a-4c59-9a57-0d7f6a1b2c3d';
    expect(notificationChoices('voteOpened', { voteId }, 'en')).toEqual([
      [
        { id: `vote:cast:${voteId}:A`, label: 'Accept' },
        { id: `vote:cast:${voteId}:R`, label: 'Refuse' },
        { id: `vote:cast:${voteId}:X`, label: 'Abstain' },
      ],
    ]);
    expect(notificationChoices('voteReminder', { voteId }, 'fr')[0]?.map((choice) => choice.label)).toEqual([
      'Accepter',
      'Refuser',
      'M’abstenir',
    ]);
    expect(notificationChoices('voteResult', { voteId }, 'fr')).toEqual([
      [
        { id: `vote:check:${voteId}`, label: 'Vérifier mon reçu' },
        { id: `vote:list:${voteId}`, label: 'Télécharger la liste' },
      ],
    ]);
    expect(
      notificationChoices('adhesionRequested', { mediationId: voteId }, 'fr')[0]?.map((c) => c.id),
    ).toEqual([`adhesion:decide:${voteId}:A`, `adhesion:decide:${voteId}:D`]);
    expect(notificationChoices('fileAdmitted', { participantId: voteId }, 'fr')).toEqual([]);
    expect(notificationChoices('voteOpened', {}, 'fr')).toEqual([]);
  });
});
