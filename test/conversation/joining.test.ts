import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../core/db/seed.ts';
import { formatMoney, t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { chatUser, joinRedUpToDescription, jpegBytes, personIdOf } from './joining-driver.ts';

const t = useTestCore({ checkAuditChain: true });

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
});

describe('a newcomer joining "RED by SFR" in the chat', () => {
  it('goes from /start to a submitted file, with a second chance at every mistake', async () => {
    const anna = chatUser(t, 'anna');
    await anna.command('start');
    expect(anna.text()).toContain('médiation collective');
    expect(anna.text()).toContain('75\u00a0%');
    await anna.press(/^Frais supplémentaires avec RED by SFR/);
    expect(anna.text()).toContain('Entreprise\u00a0: RED by SFR');
    expect(anna.text()).toContain('(heure de Paris)');
    expect(anna.text()).toContain('Règle du vote\u00a0: l’offre est acceptée si au moins 75\u00a0%');

    await anna.press('Rejoindre cette médiation');
    expect(anna.text()).toContain(text('fr', 'participants:consent.terms'));
    // Saying no is explained, nothing is stored, and the same consent is asked again.
    await anna.press('Non');
    expect(anna.text()).toContain(text('fr', 'participants:errors.consentTermsMissing'));
    expect(anna.text()).toContain(text('fr', 'participants:consent.terms'));
    expect(await t.db.prisma.participant.count()).toBe(0);
    await anna.press('Oui, j’accepte');
    expect(anna.text()).toContain(text('fr', 'participants:consent.grouping'));
    await anna.press('Oui, j’accepte');
    expect(anna.text()).toContain(text('fr', 'participants:consent.dataProcessing'));
    await anna.press('Oui, j’accepte');
    const personId = await personIdOf(t, 'anna');
    const draft = await t.db.prisma.participant.findFirstOrThrow({ where: { personId } });
    expect(draft).toMatchObject({ status: 'DRAFT' });
    expect(draft.consentTermsAt && draft.consentGroupingAt && draft.consentDataAt).toBeTruthy();

    expect(anna.text()).toContain('Question 1 sur 3');
    await anna.press('Oui');
    await anna.press('Oui');
    expect(anna.text()).toContain('Question 3 sur 3');
    // "Already refunded?" — yes rules the person out: explained, not stored, asked again.
    await anna.press('Oui');
    expect(anna.text()).toContain('question 3');
    expect(anna.text()).toContain('Question 3 sur 3');
    expect(await t.db.prisma.eligibilityAnswer.count({ where: { participantId: draft.id } })).toBe(2);
    await anna.press('Non');

    await anna.say('On m’a facturé un forfait « enrichi » sans mon accord pendant six mois.');
    expect(anna.text()).toContain('Quel montant réclamez-vous');
    await anna.say('douze euros');
    expect(anna.text()).toContain(text('fr', 'participants:errors.amount.notANumber'));
    expect(anna.text()).toContain('Quel montant réclamez-vous');
    await anna.say('1 234,56 €');
    expect(anna.text()).toContain('À quelle date le problème');
    await anna.say('15/01/2026');
    expect(anna.text()).toContain('réclamation écrite');
    expect(anna.text()).toContain('Pourquoi cette question');
    await anna.say('01/01/2025');
    expect(anna.text()).toContain('date de plus d’un an');
    await anna.say('02/02/2026');
    expect(anna.text()).toContain('justificatifs');

    await anna.upload({ bytes: new TextEncoder().encode('not a photo'), fileName: 'note.txt' });
    expect(anna.text()).toContain(text('fr', 'participants:errors.evidenceTypeNotAllowed'));
    await anna.upload({ bytes: jpegBytes(), declaredMimeType: 'image/jpeg', fileName: 'facture.jpg' });
    expect(anna.text()).toContain('1 justificatif joint');
    await anna.press('J’ai terminé');

    expect(anna.text()).toContain(`Montant réclamé\u00a0: ${formatMoney(123456, 'fr')}`);
    expect(formatMoney(123456, 'fr')).toBe('1\u202f234,56\u00a0€');
    expect(anna.text()).toContain('Date du problème\u00a0: 15 janvier 2026');
    expect(anna.text()).toContain('Justificatifs\u00a0: 1 fichier');
    expect(anna.labels()).toEqual(
      expect.arrayContaining(['Envoyer mon dossier', 'Modifier le montant', 'Annuler']),
    );
    await anna.press('Envoyer mon dossier');
    expect(anna.text()).toContain('envoyé');

    const sent = await t.db.prisma.participant.findUniqueOrThrow({ where: { id: draft.id } });
    expect(sent).toMatchObject({ status: 'SUBMITTED', amountCents: 123456 });
    expect(sent.problemDate?.toISOString().slice(0, 10)).toBe('2026-01-15');
    expect(sent.priorComplaintDate?.toISOString().slice(0, 10)).toBe('2026-02-02');
    const evidence = await t.db.prisma.evidence.findMany({ where: { participantId: draft.id } });
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ mimeType: 'image/jpeg', fileName: 'facture.jpg' });
    const state = await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: 'anna' } });
    expect(state.flow).toBeNull();

    // The file is followed in /mesdossiers; joining again is not possible.
    await anna.command('mesdossiers');
    expect(anna.text()).toContain(text('fr', 'participants:status.SUBMITTED'));
    expect(anna.labels()).toEqual([]);
    await anna.command('start', 'red-by-sfr');
    await anna.press('Rejoindre cette médiation');
    expect(anna.text()).toContain('déjà un dossier');
  });

  it('lets a review edit one answer and come back to the review', async () => {
    const bruno = chatUser(t, 'bruno');
    await joinRedUpToDescription(bruno);
    await bruno.say('Hausse de forfait sans mon accord, trois mois de suite.');
    await bruno.say('30');
    await bruno.say('2026-02-01');
    await bruno.say('10/02/2026');
    await bruno.press('J’ai terminé');
    expect(bruno.text()).toContain('Justificatifs\u00a0: aucun');
    await bruno.press('Modifier le montant');
    await bruno.say('45,90');
    expect(bruno.text()).toContain(`Montant réclamé\u00a0: ${formatMoney(4590, 'fr')}`);
    // A button from an earlier screen no longer answers the question asked now.
    await bruno.send({ type: 'choice', id: 'join:done' });
    expect(bruno.text()).toContain('ne correspond plus');
  });
});

describe('a deep link', () => {
  it('opens the mediation directly, or the list when the mediation is unknown', async () => {
    const chloe = chatUser(t, 'chloe');
    await chloe.command('start', 'sfam');
    expect(chloe.text()).toContain('Abonnement non consenti avec l’assurance SFAM');
    expect(chloe.labels()).toContain('Rejoindre cette médiation');
    await chloe.command('start', 'nimporte-quoi');
    expect(chloe.text()).toContain('Nous ne trouvons pas la médiation');
    expect(chloe.labels()).toContain('Frais supplémentaires avec RED by SFR (RED by SFR)');
  });
});

describe('leaving a step with /annuler', () => {
  it('clears the step, keeps the draft, and /mesdossiers continues it', async () => {
    const david = chatUser(t, 'david');
    await joinRedUpToDescription(david);
    await david.command('annuler');
    expect(david.text()).toContain('Votre dossier en préparation est gardé');
    const state = await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: 'david' } });
    expect(state).toMatchObject({ flow: null, step: null });
    await david.say('Un texte perdu');
    expect(david.text()).toBe(text('fr', 'conversation:nothingPending'));
    await david.command('annuler');
    expect(david.text()).toContain('rien à annuler');

    await david.command('mesdossiers');
    expect(david.text()).toContain(text('fr', 'participants:status.DRAFT'));
    expect(david.text()).toContain('la description de votre problème');
    await david.press('Continuer\u00a0: Frais supplémentaires avec RED by SFR');
    expect(david.text()).toContain('Décrivez votre problème');
    const personId = await personIdOf(t, 'david');
    expect(await t.db.prisma.participant.count({ where: { personId } })).toBe(1);
  });
});

describe('a conversation interrupted by a restart', () => {
  it('resumes at the same question with a new conversation over the same database', async () => {
    const emma = chatUser(t, 'emma');
    await joinRedUpToDescription(emma);
    await emma.say('Des frais de devis validés automatiquement sans réponse de ma part.');
    const before = await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: 'emma' } });
    expect(before).toMatchObject({ flow: 'join', step: 'amount' });

    const afterRestart = chatUser(t, 'emma');
    await afterRestart.command('start');
    expect(afterRestart.labels()).toContain('Reprendre mon dossier');
    await afterRestart.press('Reprendre mon dossier');
    expect(afterRestart.text()).toContain('Quel montant réclamez-vous');
    await afterRestart.say('49,90');
    expect(afterRestart.text()).toContain('À quelle date le problème');
    const personId = await personIdOf(t, 'emma');
    const file = await t.db.prisma.participant.findFirstOrThrow({ where: { personId } });
    expect(file.amountCents).toBe(4990);
  });
});

describe('fifty messages at once from one person', () => {
  it('leave one file and a state whose version counts every message', async () => {
    const felix = chatUser(t, 'felix');
    await joinRedUpToDescription(felix);
    const before = await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: 'felix' } });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        felix.conversation.handle({
          platform: 'CONSOLE',
          userId: 'felix',
          chatId: 'felix',
          languageCode: 'fr',
          event: { type: 'text', text: `Mon forfait a augmenté sans mon accord (message ${index + 1}).` },
        }),
      ),
    );
    const texts = answers.flat().map((reply) => reply.text);
    expect(texts).not.toContain(text('fr', 'errors:internal'));
    expect(texts).not.toContain(text('fr', 'conversation:busy'));
    const after = await t.db.prisma.conversationState.findFirstOrThrow({ where: { externalId: 'felix' } });
    expect(after.version).toBe(before.version + 50);
    // The first message was the description; the 49 others were refused as amounts, one by one.
    expect(after).toMatchObject({ flow: 'join', step: 'amount' });
    const personId = await personIdOf(t, 'felix');
    const files = await t.db.prisma.participant.findMany({ where: { personId } });
    expect(files).toHaveLength(1);
    expect(files[0]?.description).toBe('Mon forfait a augmenté sans mon accord (message 1).');
    expect(files[0]?.amountCents).toBeNull();
  });
});
