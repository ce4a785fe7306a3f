import { describe, expect, it } from 'vitest';
import { consumerCommands } from '../../bots/conversation/commands.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';
import { admit, buttonIds, buttonLabels, chatAs, personIdOf, textOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });
const mediator = mediatorActor('slack:T1/U1');

async function newcomer(userId: string) {
  const chat = chatAs(t.core, userId);
  await chat.command('aide');
  return { chat, personId: await personIdOf(t.db, userId) };
}

describe('withdrawing', () => {
  it('asks for confirmation, explains the consequences, then withdraws and takes the person out of the running vote', async () => {
    const { chat, personId } = await newcomer('withdraw-1');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const file = await admit(t.db, f.mediationId, personId, t.clock.now());
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    await chat.press(`vote:cast:${voteId}:A`);

    const asked = await chat.command('retirer');
    expect(textOf(asked)).toContain(
      'Vous allez vous retirer de la médiation «\u00a0Frais supplémentaires\u00a0»',
    );
    expect(textOf(asked)).toContain('sans aucune pénalité');
    expect(textOf(asked)).toContain('votre vote ne comptera plus');
    expect(buttonIds(asked)).toEqual([`withdraw:confirm:${file.id}`, 'withdraw:keep']);
    expect(textOf(await chat.press('withdraw:keep'))).toContain('vous restez dans la médiation');
    expect((await t.db.prisma.participant.findUniqueOrThrow({ where: { id: file.id } })).status).toBe(
      'ADMITTED',
    );

    const done = await chat.press(`withdraw:confirm:${file.id}`);
    expect(textOf(done)).toContain('vous êtes retiré·e de la médiation');
    expect((await t.db.prisma.participant.findUniqueOrThrow({ where: { id: file.id } })).status).toBe(
      'WITHDRAWN',
    );
    const membership = await t.db.prisma.electorateMember.findFirstOrThrow({
      where: { voteId, participantId: file.id },
    });
    expect(membership.leftAt).not.toBeNull();
    expect(await t.db.prisma.ballot.count({ where: { voteId } })).toBe(0);
    expect(textOf(await chat.press(`withdraw:confirm:${file.id}`))).toContain('déjà retiré·e');
    expect(textOf(await chat.command('retirer'))).toContain(
      'Vous n’avez aucun dossier dont vous pouvez vous retirer',
    );
  });

  it('lets a person with several files choose which one, and never withdraws a file that is not theirs', async () => {
    const { chat, personId } = await newcomer('withdraw-2');
    const a = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const b = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const fileA = await admit(t.db, a.mediationId, personId, t.clock.now());
    const fileB = await admit(t.db, b.mediationId, personId, t.clock.now());
    const list = await chat.command('retirer');
    expect(textOf(list)).toContain('De quelle médiation');
    expect(new Set(buttonIds(list))).toEqual(
      new Set([`withdraw:pick:${fileA.id}`, `withdraw:pick:${fileB.id}`]),
    );
    expect(buttonLabels(list)[0]).toBe('Frais supplémentaires (dossier accepté)');
    expect(buttonIds(await chat.press(`withdraw:pick:${fileB.id}`))).toContain(
      `withdraw:confirm:${fileB.id}`,
    );

    const stranger = a.electors[0]?.participantId ?? '';
    expect(textOf(await chat.press(`withdraw:confirm:${stranger}`))).toContain(
      'Nous ne trouvons plus ce dossier',
    );
    expect((await t.db.prisma.participant.findUniqueOrThrow({ where: { id: stranger } })).status).toBe(
      'ADMITTED',
    );
  });
});

describe('changing language', () => {
  it('saves the choice, confirms in the new language, and answers in it from then on', async () => {
    const { chat, personId } = await newcomer('language-1');
    const asked = await chat.command('langue');
    expect(buttonLabels(asked)).toEqual(['Français', 'English']);
    expect(textOf(await chat.press('language:set:en'))).toBe(
      'Done: I will write to you in English from now on.',
    );
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).locale).toBe('en');
    expect(textOf(await chat.command('aide'))).toContain('Here is what I can do');
    expect(textOf(await chat.press('language:set:fr'))).toBe(
      'C’est noté\u00a0: je vous écrirai désormais en français.',
    );
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).locale).toBe('fr');
    expect(textOf(await chat.command('aide'))).toContain('Voici ce que je sais faire');
    expect(textOf(await chat.press('language:set:de'))).toContain('Ce bouton n’est plus valable');
  });
});

describe('help, questions and privacy', () => {
  it('lists every consumer command and answers the usual questions', async () => {
    const { chat } = await newcomer('info-1');
    const help = textOf(await chat.command('aide'));
    for (const command of consumerCommands) {
      expect(help).toContain(`/${command} — `);
    }
    const faq = textOf(await chat.command('faq'));
    for (const part of [
      'médiation collective',
      '75\u00a0%',
      'secret',
      '/retirer',
      'gratuite',
      '/confidentialite',
    ]) {
      expect(faq).toContain(part);
    }
    const privacy = textOf(await chat.command('confidentialite'));
    for (const part of [
      'Responsable du traitement',
      'Ce que nous conservons',
      'Qui voit quoi',
      '12 mois après sa clôture',
      '/mesdonnees',
      '/supprimer',
      'https://www.cnil.fr/fr/plaintes',
    ]) {
      expect(privacy).toContain(part);
    }
  });
});

describe('contacting the mediators', () => {
  it('checks the message, relays it through the outbox, and keeps its text out of the audit log', async () => {
    const { chat, personId } = await newcomer('contact-1');
    const message = 'Bonjour, je n’ai pas reçu de réponse à ma réclamation du 3 février.';
    expect(textOf(await chat.command('contact'))).toContain('jusqu’à 2\u202f000 caractères');
    expect(textOf(await chat.text('   '))).toContain('Votre message est vide');
    expect(textOf(await chat.text('x'.repeat(2001)))).toContain('Votre message fait 2\u202f001 caractères');
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'contactMessage' } })).toBe(0);
    expect(textOf(await chat.text(`  ${message}  `))).toContain(
      'votre message a été transmis aux médiateurs',
    );

    const rows = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'contactMessage' } });
    expect(rows).toEqual([expect.objectContaining({ audience: 'mediators', personId: null })]);
    // No file yet: the mediators read it is about none, and who wrote it (their short id).
    expect(rows[0]?.payload).toMatchObject({
      textKey: 'account:notify.contactMessage.general',
      params: { message, person: personId.slice(0, 8) },
      refs: { personId },
    });
    const audit = await t.db.prisma.auditEntry.findMany();
    expect(audit.filter((entry) => entry.action === 'person.contacted').map((e) => e.subjectId)).toEqual([
      personId,
    ]);
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain('réclamation du 3 février');
    // The step is over; the same text again is not a second message.
    expect(textOf(await chat.text(message))).toContain('Je n’attends pas de réponse');

    await chat.command('contact', message);
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'contactMessage' } })).toBe(2);
  });
});

describe('the person’s data', () => {
  it('exports a readable summary and the full JSON, with their complaint', async () => {
    const { chat, personId } = await newcomer('export-1');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    await admit(t.db, f.mediationId, personId, t.clock.now(), 'Des frais de 9,99 € ajoutés sans mon accord.');
    const replies = await chat.command('mesdonnees');
    expect(replies).toHaveLength(2);
    const summary = replies[0]?.text ?? '';
    expect(summary).toContain('Comptes de messagerie reliés\u00a0: terminal');
    expect(summary).toContain('Médiation «\u00a0Frais supplémentaires\u00a0» — dossier accepté');
    expect(summary).toContain('Montant réclamé\u00a0: 1\u202f234,56\u00a0€');
    expect(summary).toContain('Description\u00a0: Des frais de 9,99 € ajoutés sans mon accord.');
    // The full copy is a file, handed over like a vote's published list.
    const file = replies[1]?.file;
    expect(file).toMatchObject({ name: 'mes-donnees-2026-03-02.json', mimeType: 'application/json' });
    const json = JSON.parse(Buffer.from(file?.bytes ?? []).toString('utf8'));
    expect(json.person.id).toBe(personId);
    expect(json.files[0].complaint).toMatchObject({
      description: 'Des frais de 9,99 € ajoutés sans mon accord.',
      amountCents: 123_456,
    });
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'person.dataExported', subjectId: personId } }),
    ).toBe(1);
  });

  it('erases the person only after confirmation, and says goodbye', async () => {
    const { chat, personId } = await newcomer('erase-1');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const file = await admit(t.db, f.mediationId, personId, t.clock.now(), 'Ma réclamation détaillée');

    const asked = await chat.command('supprimer');
    expect(textOf(asked)).toContain('C’est définitif');
    expect(buttonIds(asked)).toEqual(['erase:confirm', 'erase:keep']);
    expect(textOf(await chat.press('erase:keep'))).toContain('rien n’a été supprimé');
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).erasedAt).toBeNull();

    const bye = await chat.press('erase:confirm');
    expect(textOf(bye)).toContain('Votre dossier en cours a été retiré de sa médiation.');
    expect(textOf(bye)).toContain('Vos données sont supprimées. Au revoir');
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).erasedAt).not.toBeNull();
    expect(await t.db.prisma.platformIdentity.count({ where: { personId } })).toBe(0);
    // Nothing keyed by their chat account survives either.
    expect(await t.db.prisma.conversationState.count({ where: { externalId: 'erase-1' } })).toBe(0);
    const erased = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: file.id } });
    expect(erased).toMatchObject({ status: 'WITHDRAWN', description: null });
  });
});

describe('the command menu', () => {
  it('offers only commands some flow answers', () => {
    const answered = new Set(consumerFlows.flatMap((flow) => flow.commands ?? []));
    expect(consumerCommands.filter((command) => !answered.has(command))).toEqual([]);
  });
});
