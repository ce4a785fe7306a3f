import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { expandGroupNotifications } from '../../core/outbox/fan-out.ts';
import { addParticipant } from '../mediations/fixtures.ts';
import { createPerson, submittedFile } from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { parseCsv } from '../support/csv.ts';
import { auditSince, done, lastSeq, MEDIATOR_ID, refused } from './support.ts';

// One mediation lived from creation to success through the actions alone, checking at each step what
// the database holds: rows, audit entries (with their author), outbox rows.
const t = useTestCore({ checkAuditChain: true });
const actor = `mediator:${MEDIATOR_ID}`;
const slug = 'frais-box';

async function mediationRow() {
  return t.db.prisma.mediation.findUniqueOrThrow({
    where: { slug },
    include: { eligibilityQuestions: true },
  });
}

/** A consumer with a complete file sent to the mediators, through the consumer commands. */
async function consumerFile() {
  const mediation = await mediationRow();
  return submittedFile(t, { mediation, questions: mediation.eligibilityQuestions } as never);
}

async function outboxOf(kind: string) {
  await expandGroupNotifications(t.core.deps, { limit: 50 });
  return t.db.prisma.outboxMessage.findMany({ where: { kind, audience: { not: 'group' } } });
}

describe('setting up a mediation', () => {
  it('create-company creates the company, audited with its author', async () => {
    const seq = await lastSeq(t);
    const result = await done(t, 'create-company', {
      slug: 'Box-Telecom',
      name: 'Box Télécom',
      email: 'litiges@box.example',
    });
    expect(result.text).toBe('Entreprise «\u00a0Box Télécom\u00a0» créée (identifiant box-telecom).');
    expect(await t.db.prisma.company.findUnique({ where: { slug: 'box-telecom' } })).toMatchObject({
      name: 'Box Télécom',
      contactEmail: 'litiges@box.example',
    });
    expect(await auditSince(t, seq)).toEqual([expect.objectContaining({ action: 'company.created', actor })]);
  });

  it('create-mediation creates a draft with its texts, rule profile and eligibility questions', async () => {
    const result = await done(t, 'create-mediation', {
      slug,
      company: 'box-telecom',
      titleFr: 'Frais de résiliation Box',
      titleEn: 'Box termination fees',
      summaryFr: 'Des frais de résiliation facturés deux fois.',
      summaryEn: 'Termination fees charged twice.',
      goalFr: 'Le remboursement du double paiement.',
      goalEn: 'A refund of the double payment.',
      voteBase: 'votes-cast',
      threshold: '2/3',
      question: [
        'Avez-vous résilié votre box ? | Did you cancel your box? | oui',
        'Déjà remboursé·e ? | Already refunded? | non',
      ],
    });
    expect(result.text).toContain('identifiant frais-box');
    const row = await mediationRow();
    expect(row).toMatchObject({
      status: 'DRAFT',
      titleFr: 'Frais de résiliation Box',
      voteBase: 'VOTES_CAST',
      thresholdNumerator: 2,
      thresholdDenominator: 3,
      quorumNumerator: 1,
      quorumDenominator: 2,
      createdBy: actor,
    });
    expect(row.eligibilityQuestions.map((q) => [q.position, q.textEn, q.requiredAnswer]).sort()).toEqual([
      [1, 'Did you cancel your box?', true],
      [2, 'Already refunded?', false],
    ]);
  });

  it('create-mediation refuses an unknown company unless its name is given to create it', async () => {
    const texts = {
      titleFr: 'Titre',
      titleEn: 'Title',
      summaryFr: 'Résumé',
      summaryEn: 'Summary',
      goalFr: 'But',
      goalEn: 'Goal',
    };
    const unknown = await refused(t, 'create-mediation', { slug: 'autre', company: 'inconnue', ...texts });
    expect(unknown.error.code).toBe('NOT_FOUND');
    expect(unknown.text).toContain('«\u00a0inconnue\u00a0»');
    await done(t, 'create-mediation', {
      slug: 'autre',
      company: 'nouvelle',
      companyName: 'Nouvelle SA',
      ...texts,
    });
    expect(await t.db.prisma.company.findUnique({ where: { slug: 'nouvelle' } })).toMatchObject({
      name: 'Nouvelle SA',
    });
  });

  it('edit-mediation changes only what is given, keeping the other language and the rest of the rule', async () => {
    const seq = await lastSeq(t);
    await done(t, 'edit-mediation', {
      mediation: slug,
      titleEn: 'Box double termination fees',
      quorum: '60 %',
    });
    const row = await mediationRow();
    expect(row).toMatchObject({
      titleFr: 'Frais de résiliation Box',
      titleEn: 'Box double termination fees',
      voteBase: 'VOTES_CAST',
      thresholdNumerator: 2,
      thresholdDenominator: 3,
      quorumNumerator: 60,
      quorumDenominator: 100,
    });
    const [entry] = await auditSince(t, seq);
    expect(entry).toMatchObject({
      action: 'mediation.updated',
      actor,
      details: { fields: 'ruleProfile,title' },
    });
    const nothing = await refused(t, 'edit-mediation', { mediation: slug });
    expect(nothing.error.messageKey).toBe('mediator:errors.nothingToChange');
  });

  it('open-registration refuses more than 30 days, saying the latest date allowed', async () => {
    const tooLong = await refused(t, 'open-registration', { mediation: slug, closesAt: '2026-04-15' });
    expect(tooLong.error).toMatchObject({
      code: 'RULE_VIOLATION',
      messageKey: 'mediations:errors.registrationTooLong',
      params: { count: 30 },
    });
    // 30 days after 2 March 2026 at 10:00 in Paris (winter time), summer time by then.
    expect(tooLong.text).toBe(
      'Les inscriptions durent au plus 30 jours\u00a0: choisissez une date de clôture au plus tard le 1er avril ' +
        '2026 à 10\u00a0h. Le délai de 90 jours de la médiation commence dès le premier dossier reçu.',
    );
    const english = await refused(t, 'open-registration', { mediation: slug, closesAt: '2026-04-15' }, 'en');
    expect(english.text).toContain(
      'Registration lasts at most 30 days: choose a closing date no later than April 1, 2026 at 10:00 AM.',
    );
    expect((await mediationRow()).status).toBe('DRAFT');
  });

  it('open-registration publishes it until the given date (Paris time)', async () => {
    const result = await done(t, 'open-registration', { mediation: slug, closesAt: '2026-03-31' });
    const row = await mediationRow();
    expect(row.status).toBe('OPEN');
    // A day alone is the end of that day in Paris (summer time: UTC+2).
    expect(row.registrationClosesAt).toEqual(new Date('2026-03-31T21:59:00Z'));
    expect(result.text).toContain('31 mars 2026 à 23\u00a0h\u00a059');
    const edit = await refused(t, 'edit-mediation', { mediation: slug, titleFr: 'Trop tard' });
    expect(edit.error.messageKey).toBe('mediations:errors.editableOnlyInDraft');
  });

  it('show and list find it by slug or id, with its rule, counts and dates', async () => {
    const row = await mediationRow();
    const bySlug = await done(t, 'show', { mediation: 'FRAIS-BOX' });
    const byId = await done(t, 'show', { mediation: row.id });
    expect(byId.text).toBe(bySlug.text);
    expect(bySlug.text).toContain(`Identifiant\u00a0: ${row.id}`);
    expect(bySlug.text).toContain(
      'Règle du vote (seuil exact 2/3, quorum exact 60/100)\u00a0: l’offre est acceptée si au moins 66,67\u00a0% des voix exprimées',
    );
    expect(bySlug.text).toContain(
      'à condition qu’au moins 60\u00a0% des participant·es appelé·es à voter aient voté',
    );
    expect(bySlug.text).toContain('Avez-vous résilié votre box ? (réponse qui rend éligible\u00a0: Oui)');
    const list = await done(t, 'list');
    expect(list.text).toContain('frais-box — Frais de résiliation Box (Box Télécom)');
    expect(list.text).toContain('les inscriptions se terminent le 31 mars 2026 à 23\u00a0h\u00a059');
    expect((list.data as { slug: string }[]).map((m) => m.slug)).toContain('autre');
  });
});

describe('reviewing files and writing to people', () => {
  const files: Awaited<ReturnType<typeof consumerFile>>[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) files.push(await consumerFile());
  });

  it('participants lists the files to review, oldest first, with the complaint and answers', async () => {
    const result = await done(t, 'participants', { mediation: slug });
    expect(result.text).toContain('4 dossiers à examiner');
    // Each file is named by the first 8 characters of its id, what a mediator types to act on it.
    for (const file of files) {
      expect(result.text).toContain(`${file.participantId.slice(0, 8)} — dossier envoyé`);
      expect(result.text).not.toContain(file.participantId);
    }
    expect(result.text).toContain('Montant réclamé\u00a0: 59,88\u00a0€');
    expect(result.text).toContain(
      'Éligibilité\u00a0: Avez-vous résilié votre box ? Oui / Déjà remboursé·e ? Non',
    );
    expect(result.text).toContain('Pour décider\u00a0: admit');
    const none = await done(t, 'participants', { mediation: slug, status: 'rejected' });
    expect(none.text).toContain('aucun dossier refusé');
  });

  it('admit admits a file and tells the person', async () => {
    const seq = await lastSeq(t);
    for (const file of files.slice(0, 3)) await done(t, 'admit', { participant: file.participantId });
    const rows = await t.db.prisma.participant.findMany({
      where: { id: { in: files.map((f) => f.participantId) } },
    });
    expect(rows.filter((row) => row.status === 'ADMITTED')).toHaveLength(3);
    expect(rows.find((row) => row.id === files[0]?.participantId)?.decidedBy).toBe(actor);
    const audit = await auditSince(t, seq);
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual(
      Array(3).fill(['participant.admitted', actor]),
    );
    expect((await outboxOf('fileAdmitted')).map((row) => row.personId).sort()).toEqual(
      files
        .slice(0, 3)
        .map((f) => f.personId)
        .sort(),
    );
  });

  it('reject rejects a file with the reason, which the person receives', async () => {
    const file = files[3] as (typeof files)[number];
    const seq = await lastSeq(t);
    await done(t, 'reject', { participant: file.participantId, reason: 'Réclamation écrite trop ancienne' });
    expect(await t.db.prisma.participant.findUnique({ where: { id: file.participantId } })).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Réclamation écrite trop ancienne',
    });
    const [notice] = await outboxOf('fileRejected');
    expect(notice).toMatchObject({ personId: file.personId });
    expect(notice?.payload).toMatchObject({ params: { reason: 'Réclamation écrite trop ancienne' } });
    expect(await auditSince(t, seq)).toEqual([
      expect.objectContaining({ action: 'participant.rejected', actor }),
    ]);
  });

  it('broadcast reaches everyone still in the mediation, and the audit holds no text', async () => {
    const result = await done(t, 'broadcast', {
      mediation: slug,
      message: 'La négociation commence bientôt.',
    });
    expect(result.text).toContain('aux 3 participant·es');
    const rows = await outboxOf('broadcast');
    expect(rows.map((row) => row.personId).sort()).toEqual(
      files
        .slice(0, 3)
        .map((f) => f.personId)
        .sort(),
    );
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'mediation.broadcast' } });
    expect(audit.actor).toBe(actor);
    expect(JSON.stringify(audit.details)).not.toContain('négociation');
  });

  it('answer-contact answers a /contact message by its id', async () => {
    const person = await createPerson(t);
    const { messageId } = unwrap(
      await t.core.contactMediators(person.actor, { message: 'Bonjour, une question.' }),
    );
    await done(t, 'answer-contact', { messageId, message: 'Bonjour, voici notre réponse.' });
    const [answer] = await outboxOf('contactAnswer');
    expect(answer).toMatchObject({ personId: person.personId });
    const wrong = await refused(t, 'answer-contact', { messageId: 'pas-un-id', message: 'Bonjour' });
    expect(wrong.error.code).toBe('INVALID_INPUT');
    expect(wrong.text).toContain('«\u00a0message-id\u00a0»');
  });
});

describe('negotiating and voting', () => {
  it('close-registration says the 90-day limit, which started with the first file received', async () => {
    const before = await mediationRow();
    const result = await done(t, 'close-registration', { mediation: slug });
    const row = await mediationRow();
    expect(row.status).toBe('REGISTRATION_CLOSED');
    expect(row.endsBy).toEqual(before.endsBy);
    expect(result.text).toContain('avec 3 dossiers acceptés. La médiation doit aboutir au plus tard le');
    // Each file got its notice of seizure on receipt (four, one since rejected): none again now.
    expect(await outboxOf('openingNotice')).toHaveLength(4);
  });

  it('invite-company invites the company and tells the participants', async () => {
    const result = await done(t, 'invite-company', { mediation: slug });
    expect((await mediationRow()).status).toBe('NEGOTIATION');
    expect(result.text).toContain('Box Télécom');
    expect(await outboxOf('companyInvited')).toHaveLength(3);
  });

  it('record-offer checks the compensation is given one way, then records the round', async () => {
    const terms = { mediation: slug, termsFr: 'Remboursement des frais', termsEn: 'Refund of the fees' };
    expect((await refused(t, 'record-offer', terms)).error.messageKey).toBe(
      'mediator:errors.oneCompensation',
    );
    expect(
      (await refused(t, 'record-offer', { ...terms, fixed: '10', percent: '50' })).error.messageKey,
    ).toBe('mediator:errors.oneCompensation');
    expect((await refused(t, 'record-offer', { ...terms, fixed: '10', cap: '5' })).error.messageKey).toBe(
      'mediator:errors.capNeedsPercent',
    );
    const result = await done(t, 'record-offer', { ...terms, percent: '50', cap: '25,50' });
    expect(result.text).toContain('Offre du tour 1 enregistrée');
    expect(result.text).toContain('50\u00a0% du montant réclamé, dans la limite de 25,50\u00a0€');
    expect(await t.db.prisma.offer.findFirst({ where: { mediation: { slug } } })).toMatchObject({
      round: 1,
      compensationKind: 'PERCENT',
      percentBasisPoints: 5000,
      capCents: 2550,
      recordedBy: actor,
    });
  });

  it('replace-offer voids the live offer and records the next round', async () => {
    await done(t, 'replace-offer', {
      mediation: slug,
      termsFr: 'Remboursement forfaitaire',
      termsEn: 'Flat refund',
      fixed: '40',
      minAdhesions: '2',
    });
    const offers = await t.db.prisma.offer.findMany({
      where: { mediation: { slug } },
      orderBy: { round: 'asc' },
    });
    expect(offers.map((offer) => [offer.round, offer.status])).toEqual([
      [1, 'VOIDED'],
      [2, 'PROPOSED'],
    ]);
    expect(offers[1]).toMatchObject({ fixedCents: 4000, minAdhesions: 2 });
  });

  it('open-vote freezes the electorate until the given time and tells each elector', async () => {
    const seq = await lastSeq(t);
    const result = await done(t, 'open-vote', { mediation: slug, closesAt: '2026-03-06T18:00' });
    expect(result.text).toContain('jusqu’au 6 mars 2026 à 18\u00a0h\u00a0: 3 votant·es');
    const vote = await t.db.prisma.vote.findFirstOrThrow({ where: { offer: { mediation: { slug } } } });
    // 18:00 in Paris in March (winter time) is 17:00 UTC.
    expect(vote).toMatchObject({ closesAt: new Date('2026-03-06T17:00:00Z'), electorateSize: 3 });
    expect((await auditSince(t, seq)).map((entry) => entry.action)).toContain('vote.opened');
    expect(await outboxOf('voteOpened')).toHaveLength(3);
  });

  it('statistics show the turnout while the vote runs, never a choice', async () => {
    const members = await t.db.prisma.participant.findMany({
      where: { mediation: { slug }, status: 'ADMITTED' },
    });
    const vote = await t.db.prisma.vote.findFirstOrThrow({
      where: { closedAt: null, offer: { mediation: { slug } } },
    });
    const choices = ['ACCEPT', 'ACCEPT', 'REFUSE'] as const;
    for (const [i, member] of members.slice(0, 2).entries()) {
      unwrap(
        await t.core.castBallot(personActor(member.personId), {
          voteId: vote.id,
          choice: choices[i] as 'ACCEPT',
        }),
      );
    }
    const stats = await done(t, 'statistics', { mediation: slug });
    expect(stats.text).toContain('participation 2 sur 3 (67\u00a0%)');
    expect(JSON.stringify(stats.data)).not.toMatch(/"accept"|ACCEPT|REFUSE/);
    expect(stats.text).not.toMatch(/pour\u00a0:/);
  });

  it('extend-vote extends once, with the reason sent to the electors', async () => {
    const seq = await lastSeq(t);
    const result = await done(t, 'extend-vote', {
      mediation: slug,
      hours: '24',
      reason: 'Panne de la messagerie',
    });
    expect(result.text).toContain('prolongé de 24 heures');
    const vote = await t.db.prisma.vote.findFirstOrThrow({
      where: { closedAt: null, offer: { mediation: { slug } } },
    });
    expect(vote).toMatchObject({
      closesAt: new Date('2026-03-07T17:00:00Z'),
      extensionReason: 'Panne de la messagerie',
    });
    expect(await auditSince(t, seq)).toEqual([expect.objectContaining({ action: 'vote.extended', actor })]);
    expect((await outboxOf('voteExtended'))[0]?.payload).toMatchObject({
      params: { reason: 'Panne de la messagerie' },
    });
    const again = await refused(t, 'extend-vote', { mediation: slug, hours: 1, reason: 'Encore' });
    expect(again.error.messageKey).toBe('votes:errors.alreadyExtended');
  });

  it('close-vote refuses while electors may still vote, then gives the result once all have voted', async () => {
    const early = await refused(t, 'close-vote', { mediation: slug });
    expect(early.error.messageKey).toBe('votes:errors.tooEarlyToClose');
    const last = (
      await t.db.prisma.participant.findMany({ where: { mediation: { slug }, status: 'ADMITTED' } })
    )[2];
    const vote = await t.db.prisma.vote.findFirstOrThrow({
      where: { closedAt: null, offer: { mediation: { slug } } },
    });
    unwrap(
      await t.core.castBallot(personActor(last?.personId as string), { voteId: vote.id, choice: 'ABSTAIN' }),
    );
    const result = await done(t, 'close-vote', { mediation: slug });
    // 2 accept of 2 accept+refuse, turnout 3/3 ≥ 60 %: accepted on the votes-cast base.
    expect(result.text).toContain(
      'offre acceptée. 2 pour, 0 contre (100\u00a0% des voix exprimées, il en fallait au moins 66,67\u00a0%), 1 abstention\u00a0; participation 3 sur 3, quorum de 60\u00a0% atteint.',
    );
    expect(result.text).toContain('open-adhesion frais-box');
    expect((await mediationRow()).status).toBe('ACCEPTED');
    expect(await t.db.prisma.ballot.count({ where: { voteId: vote.id } })).toBe(0);
    const stats = await done(t, 'statistics', { mediation: slug });
    expect(stats.text).toContain('offre acceptée. 2 pour, 0 contre (100\u00a0% des voix exprimées');
    const none = await refused(t, 'close-vote', { mediation: slug });
    expect(none.error.messageKey).toBe('mediator:errors.noRunningVote');
  });
});

describe('the agreement', () => {
  it('open-adhesion asks each elector to sign', async () => {
    const result = await done(t, 'open-adhesion', { mediation: slug, closesAt: '2026-03-20' });
    expect(result.text).toContain('3 participant·es sont invité·es');
    expect((await mediationRow()).status).toBe('ADHESION');
    expect(await outboxOf('adhesionRequested')).toHaveLength(3);
  });

  it('close-adhesion with enough adherents creates the payouts; payouts lists them', async () => {
    const mediation = await mediationRow();
    const members = await t.db.prisma.participant.findMany({
      where: { mediationId: mediation.id, status: 'ADMITTED' },
    });
    for (const member of members.slice(0, 2)) {
      unwrap(
        await t.core.decideAdhesion(personActor(member.personId), {
          mediationId: mediation.id,
          decision: 'ADHERED',
        }),
      );
    }
    const result = await done(t, 'close-adhesion', { mediation: slug });
    expect(result.text).toContain('2 adhésions');
    expect((await mediationRow()).status).toBe('EXECUTION');
    const payouts = await done(t, 'payouts', { mediation: slug });
    expect(payouts.text).toContain('Adhésions\u00a0: 2 · refus\u00a0: 0 · sans réponse\u00a0: 1');
    const [first] = await t.core.query.payoutList({ mediationId: (await mediationRow()).id });
    expect(payouts.text).toContain(
      `${first?.id.slice(0, 8)} · dossier ${first?.participantId.slice(0, 8)} · 40,00\u00a0€ · versement à venir`,
    );
  });

  it('mark-payout-sent tells the adherent; close-succeeded waits for every confirmation', async () => {
    const payouts = await t.core.query.payoutList({ mediationId: (await mediationRow()).id });
    for (const payout of payouts) await done(t, 'mark-payout-sent', { payout: payout.id });
    expect(await outboxOf('payoutSent')).toHaveLength(2);
    const again = await done(t, 'mark-payout-sent', { payout: payouts[0]?.id });
    expect(again.text).toContain('était déjà noté');
    const early = await refused(t, 'close-succeeded', { mediation: slug });
    expect(early.error.messageKey).toBe('agreement:errors.payoutsOutstanding');
    // Confirmed another way (by phone, say) and recorded by hand: the mediator closes the mediation.
    await t.db.prisma.payout.updateMany({
      where: { id: { in: payouts.map((p) => p.id) } },
      data: { status: 'CONFIRMED' },
    });
    await done(t, 'close-succeeded', { mediation: slug });
    expect(await mediationRow()).toMatchObject({
      status: 'CLOSED_SUCCESS',
      closingReason: 'all_payouts_confirmed',
    });
  });
});

describe('ending other mediations', () => {
  it('extend-mediation moves the 90-day limit and tells everyone the reason', async () => {
    const refusedEnded = await refused(t, 'extend-mediation', { mediation: slug, reason: 'Trop tard' });
    expect(refusedEnded.error.messageKey).toBe('mediations:errors.mediationEnded');
    // A second mediation, in negotiation.
    await done(t, 'open-registration', { mediation: 'autre', closesAt: '2026-03-30' });
    const other = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'autre' } });
    await addParticipant(t, other.id);
    await done(t, 'close-registration', { mediation: 'autre' });
    const before = (await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'autre' } }))
      .endsBy as Date;
    const result = await done(t, 'extend-mediation', {
      mediation: other.id,
      reason: 'L’entreprise demande un délai',
      days: '30',
    });
    const after = await t.db.prisma.mediation.findUniqueOrThrow({
      where: { slug: 'autre' },
      include: { extensions: true },
    });
    expect(((after.endsBy as Date).getTime() - before.getTime()) / (24 * HOUR)).toBeCloseTo(30, 0);
    expect(after.extensions).toEqual([expect.objectContaining({ days: 30, createdBy: actor })]);
    expect(result.text).toContain('prolongée de 30 jours');
    // The parties are told the reason; the company has no channel here: the mediator gets its notice.
    const member = await t.db.prisma.participant.findFirstOrThrow({ where: { mediationId: other.id } });
    const [told] = (await outboxOf('mediationExtended')).filter((row) => row.personId === member.personId);
    expect(told?.payload).toMatchObject({ params: { reason: 'L’entreprise demande un délai', count: 30 } });
    expect(result.text).toContain(
      'L’entreprise Nouvelle SA doit être prévenue elle aussi\u00a0: envoyez-lui l’avis ci-dessous.\nDestinataire\u00a0: à compléter — ajoutez le contact de l’entreprise Nouvelle SA',
    );
    expect(result.text).toContain('Objet\u00a0: prolongation de la médiation «\u00a0Titre\u00a0»');
    expect(result.text).toContain('est prolongée de 30 jours. Elle doit désormais aboutir au plus tard le');
    expect(result.text).toContain('Motif\u00a0: L’entreprise demande un délai');
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId: other.id, action: 'mediation.extended' },
    });
    expect(audit).toMatchObject({
      actor,
      details: expect.objectContaining({ days: 30, companyNotice: 'forwardedByMediator' }),
    });
  });

  it('close-failed and cancel end a mediation with the reason sent to every participant', async () => {
    await done(t, 'invite-company', { mediation: 'autre' });
    await done(t, 'close-failed', { mediation: 'autre', reason: 'L’entreprise refuse toute offre' });
    const failed = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'autre' } });
    expect(failed).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: 'L’entreprise refuse toute offre',
    });
    const member = await t.db.prisma.participant.findFirstOrThrow({ where: { mediationId: failed.id } });
    const [told] = (await outboxOf('mediationClosed')).filter((row) => row.personId === member.personId);
    expect(told?.payload).toMatchObject({ params: { reason: 'L’entreprise refuse toute offre' } });
    const again = await refused(t, 'cancel', { mediation: 'autre', reason: 'Doublon' });
    expect(again.error.code).toBe('ILLEGAL_TRANSITION');
    expect(again.text).toContain('terminée sans accord');
  });
});

describe('reports', () => {
  it('export-participants hands over a CSV file of the files, without any vote information', async () => {
    const result = await done(t, 'export-participants', { mediation: slug });
    if (!result.ok || typeof result.file?.content !== 'string') throw new Error('expected a text file');
    expect(result.file.name).toBe('participants-frais-box-2026-03-02.csv');
    expect(result.file.mimeType).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(result.file.content, ';');
    expect(rows).toHaveLength(5);
    expect(result.text).toContain('export de 4 dossiers');
    expect(result.file.content).not.toMatch(/ACCEPT|REFUSE|ABSTAIN|Accepter|Refuser/);
  });

  it('audit-log lists the mediation’s entries, newest first, with their authors', async () => {
    const result = await done(t, 'audit-log', { mediation: slug, limit: '5' });
    const entries = result.data as { action: string; actor: string }[];
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatchObject({ action: 'mediation.status', actor });
    expect(result.text).toContain(
      '5 entrées, les plus récentes d’abord, numérotées dans la chaîne de cette médiation',
    );
    // Numbered in the mediation's chain: five entries, five numbers in a row, newest first.
    const numbers = [...result.text.matchAll(/^ {2}#(\d+) /gm)].map((match) => Number(match[1]));
    expect(numbers).toHaveLength(5);
    expect(numbers.map((n) => n - (numbers[4] ?? 0))).toEqual([4, 3, 2, 1, 0]);
    expect(result.text).toMatch(
      /#\d+ 2 mars 2026 à 10\u00a0h mediator:U0ACTIONS mediation\.status .*to=CLOSED_SUCCESS/,
    );
  });

  it('verify-audit walks the chain and gives its head hash', async () => {
    const result = await done(t, 'verify-audit');
    expect(result.data).toMatchObject({ valid: true });
    expect(result.text).toMatch(/Le journal d’audit est intact\u00a0: \d+ entrées/);
  });

  it('annual-report counts the year from the records', async () => {
    const result = await done(t, 'annual-report', { year: '2026' });
    expect(result.data).toMatchObject({
      year: 2026,
      refusals: { files: 1 },
      outcomes: { closed: 2, succeeded: 1, failed: 1, cancelled: 0 },
    });
    expect(result.text).toContain('Rapport d’activité 2026');
    expect(result.text).toContain('Réclamation écrite trop ancienne (1)');
    expect(result.text).toContain('terminée sans accord\u00a0: L’entreprise refuse toute offre (1)');
    const current = await done(t, 'annual-report');
    expect(current.data).toMatchObject({ year: 2026 });
  });

  it('in English too', async () => {
    const result = await done(t, 'statistics', { mediation: slug }, 'en');
    expect(result.text).toContain('Statistics of “Box double termination fees”');
    expect(result.text).toContain(
      'offer accepted. 2 for, 0 against (100% of the votes cast, at least 66.67% was needed), 1 abstention; turnout 3 of 3, quorum of 60% reached.',
    );
  });
});
