import { beforeAll, describe, expect, it } from 'vitest';
import { choiceId } from '../../bots/conversation/choice-id.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as text } from '../../core/i18n/index.ts';
import { createOpenMediation, createVote } from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';
import { chatUser, personIdOf } from './joining-driver.ts';

const t = useTestCore();
const mediationButton = /\(.+\)$/;

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
  // Three more, closing sooner than the demo ones (20 days against 30): eight open mediations in all.
  for (let i = 0; i < 3; i++) await createOpenMediation(t, { closesInDays: 20 });
});

describe('browsing the open mediations', () => {
  it('shows them five a page, with Suivant and Précédent', async () => {
    const lea = chatUser(t, 'lea');
    await lea.command('mediations');
    expect(lea.text()).toContain('page 1 sur 2');
    expect(lea.labels().filter((label) => mediationButton.test(label))).toHaveLength(5);
    expect(lea.labels()).toContain('Suivant');
    expect(lea.labels()).not.toContain('Précédent');
    await lea.press('Suivant');
    expect(lea.text()).toContain('page 2 sur 2');
    const secondPage = lea.labels().filter((label) => mediationButton.test(label));
    expect(secondPage).toHaveLength(3);
    expect(lea.labels()).toContain('Précédent');
    expect(lea.labels()).not.toContain('Suivant');
    await lea.press('Précédent');
    expect(lea.text()).toContain('page 1 sur 2');
    // A page button kept from when there were more mediations shows the last page, not an empty one.
    await lea.send({ type: 'choice', id: choiceId('browse', 'page', '9') });
    expect(lea.text()).toContain('page 2 sur 2');
    await lea.press(/^Frais supplémentaires avec RED by SFR/);
    expect(lea.text()).toContain('Objectif\u00a0: cette médiation vise à obtenir un accord');
    expect(lea.text()).toContain('Aucun dossier envoyé pour l’instant.');
    expect(lea.labels()).toEqual(['Rejoindre cette médiation', 'Voir les autres médiations']);
  });

  it('shows another rule card as the mediation sets it, quorum included', async () => {
    // The profile is frozen once registration opens: the mediation is written with it from the start.
    const red = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'red-by-sfr' } });
    const mediation = await t.db.prisma.mediation.create({
      data: {
        slug: 'deux-tiers',
        companyId: red.companyId,
        titleFr: 'Deux tiers des votes',
        titleEn: 'Two thirds of the votes',
        summaryFr: 'Résumé',
        summaryEn: 'Summary',
        goalFr: 'Objectif',
        goalEn: 'Goal',
        status: 'OPEN',
        voteBase: 'VOTES_CAST',
        thresholdNumerator: 2,
        thresholdDenominator: 3,
        registrationOpenedAt: t.clock.now(),
        createdBy: 'mediator:test',
      },
    });
    const marc = chatUser(t, 'marc');
    await marc.send({ type: 'choice', id: choiceId('browse', 'open', mediation.id) });
    expect(marc.text()).toContain(
      'Règle du vote\u00a0: l’offre est acceptée si au moins 66,67\u00a0% des voix exprimées, pour ou contre, lui sont favorables, à condition qu’au moins 50\u00a0% des participant·es appelé·es à voter aient voté',
    );
    expect(marc.text()).not.toContain('ne pas voter ou s’abstenir revient donc à ne pas accepter');
  });

  it('never shows a mediation still in preparation, even from a forged button', async () => {
    const { mediation } = await createOpenMediation(t);
    await t.db.prisma.mediation.update({ where: { id: mediation.id }, data: { status: 'DRAFT' } });
    const nina = chatUser(t, 'nina');
    await nina.send({ type: 'choice', id: choiceId('browse', 'open', mediation.id) });
    expect(nina.text()).toContain('Nous ne trouvons pas la médiation');
    await nina.send({ type: 'choice', id: choiceId('join', 'start', mediation.id) });
    // No flow was entered: the state holds no step, only the choices last offered (a title typed picks one).
    const state = await t.db.prisma.conversationState.findFirst({ where: { externalId: 'nina' } });
    expect(state?.flow ?? null).toBeNull();
    expect(state?.step ?? null).toBeNull();
  });

  it('speaks English to an English speaker', async () => {
    const oliver = chatUser(t, 'oliver', 'en');
    await oliver.command('start', 'red-by-sfr');
    expect(oliver.text()).toContain('Extra fees with RED by SFR');
    expect(oliver.text()).toContain(
      'Voting rule: the offer is accepted if at least 75% of all the participants called to vote',
    );
    expect(oliver.labels()).toContain('Join this mediation');
    await oliver.press('Join this mediation');
    expect(oliver.text()).toContain(text('en', 'participants:consent.terms'));
  });
});

describe('my files', () => {
  it('says when there is none yet', async () => {
    const paul = chatUser(t, 'paul');
    await paul.command('mesdossiers');
    expect(paul.text()).toBe(text('fr', 'joining:myFiles.none'));
  });

  it('offers to vote when a vote is open on an admitted file', async () => {
    const rose = chatUser(t, 'rose');
    await rose.command('start');
    const personId = await personIdOf(t, 'rose');
    const { mediation } = await createOpenMediation(t);
    const { participantId } = await insertParticipant(t.db, mediation.id, t.clock.now(), {
      personId,
      amountCents: 5000,
    });
    const { vote } = await createVote(t, {
      mediationId: mediation.id,
      round: 1,
      electorate: [participantId],
      ballots: [],
    });
    await rose.command('mesdossiers');
    expect(rose.text()).toContain(text('fr', 'participants:status.ADMITTED'));
    expect(rose.text()).toContain('Un vote est ouvert');
    const button = rose.last.flatMap((reply) => (reply.choices ?? []).flat());
    expect(button).toEqual([
      { id: choiceId('vote', 'open', vote.id), label: 'Voter\u00a0: Frais cachés RED by SFR' },
    ]);
  });
});
