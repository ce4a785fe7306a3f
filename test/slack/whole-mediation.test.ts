import { describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { submittedFile } from '../participants/fixtures.ts';
import { ALICE, useSlackApp } from './harness.ts';
import { MEDIATOR, mediationCommands } from './mediation-command.ts';

/**
 * A whole mediation run by a mediator through `/mediation` in Slack, from the company to the annual
 * report: after each command, what changed in the database, the audit log (by this mediator), the
 * notifications queued for participants, and what the mediator saw in Slack. Consumers act through the
 * core, as their chat bots would.
 */
const h = useSlackApp({ actions: mediatorActions });

const SLUG = 'frais-caches';
const NBSP = '\u00a0';
const REJECTION = 'Pas de réclamation écrite préalable auprès de l’entreprise.';

type Consumer = Awaited<ReturnType<typeof submittedFile>>;

/** Shared by the steps, in order. */
const state = {
  mediationId: '',
  consumers: [] as Consumer[],
  voteId: '',
  receipts: [] as string[],
  /** Slack calls and answers received before the vote opened: those after must not show a choice. */
  callsBeforeVote: 0,
  responsesBeforeVote: 0,
};

const { mediation, confirmed, audited, auditCount } = mediationCommands(h);

const outbox = (kind: string) =>
  h.t.db.prisma.outboxMessage.findMany({ where: { kind }, orderBy: { createdAt: 'asc' } });

const mediationRow = () =>
  h.t.db.prisma.mediation.findUniqueOrThrow({
    where: { slug: SLUG },
    include: { eligibilityQuestions: { orderBy: { position: 'asc' } } },
  });

const statusOf = async (participantId: string) =>
  (await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } })).status;

describe('a whole mediation run from Slack with /mediation', () => {
  it('sets it up: company, mediation with its rule and question, an edit, registration open', async () => {
    expect(await mediation('create-company acme "Acme SA"')).toEqual([
      t('fr', 'mediator:createCompany.done', { name: 'Acme SA', slug: 'acme' }),
    ]);
    const company = await h.t.db.prisma.company.findUniqueOrThrow({ where: { slug: 'acme' } });
    expect(company.name).toBe('Acme SA');
    expect((await audited('company.created'))?.subjectId).toBe(company.id);

    const [created] = await mediation(
      [
        `create-mediation ${SLUG} --company acme`,
        '--title-fr "Frais cachés Acme" --title-en "Acme hidden fees"',
        '--summary-fr "Des frais facturés sans accord." --summary-en "Fees charged without consent."',
        '--goal-fr "Le remboursement des frais." --goal-en "A refund of the fees."',
        '--registration-closes-at 2026-03-20 --vote-base electorate --threshold 2/3',
        '--question "Êtes-vous client·e d’Acme ? | Are you an Acme customer? | oui"',
      ].join(' '),
    );
    expect(created).toBe(
      t('fr', 'mediator:createMediation.done', { title: 'Frais cachés Acme', slug: SLUG }),
    );
    const draft = await mediationRow();
    state.mediationId = draft.id;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      companyId: company.id,
      voteBase: 'ELECTORATE',
      thresholdNumerator: 2,
      thresholdDenominator: 3,
      createdBy: MEDIATOR,
    });
    expect(draft.eligibilityQuestions).toMatchObject([
      {
        position: 1,
        textFr: 'Êtes-vous client·e d’Acme ?',
        textEn: 'Are you an Acme customer?',
        requiredAnswer: true,
      },
    ]);
    expect((await audited('mediation.created'))?.mediationId).toBe(draft.id);

    expect(await mediation(`edit-mediation ${SLUG} --title-fr "Frais cachés chez Acme"`)).toEqual([
      t('fr', 'mediator:editMediation.done', { title: 'Frais cachés Acme' }),
    ]);
    expect(await mediationRow()).toMatchObject({
      titleFr: 'Frais cachés chez Acme',
      titleEn: 'Acme hidden fees',
    });
    expect((await audited('mediation.updated'))?.details).toEqual({ fields: 'title' });

    const [opened] = await mediation(`open-registration ${SLUG}`);
    expect(opened).toContain('Inscriptions ouvertes pour «\u00a0Frais cachés chez Acme\u00a0» jusqu');
    expect((await mediationRow()).status).toBe('OPEN');
    expect((await audited('mediation.status'))?.details).toMatchObject({ from: 'DRAFT', to: 'OPEN' });
  });

  it('reviews the files: lists them, admits two, rejects one with a reason told to that person', async () => {
    // Three consumers join and send their files (what they do on Telegram or Discord).
    const m = await mediationRow();
    for (let i = 0; i < 3; i++) {
      state.consumers.push(
        await submittedFile(h.t, { mediation: m, questions: m.eligibilityQuestions } as never),
      );
    }
    const [listed] = await mediation(`participants ${SLUG}`);
    expect(listed).toContain(
      t('fr', 'mediator:participants.heading.submitted', { title: 'Frais cachés chez Acme', count: 3 }),
    );
    for (const consumer of state.consumers) expect(listed).toContain(consumer.participantId.slice(0, 8));
    expect(listed).toContain(`Éligibilité${NBSP}: Êtes-vous client·e d’Acme ? Oui`);

    const [first, second, third] = state.consumers as [Consumer, Consumer, Consumer];
    for (const admitted of [first, second]) {
      // The short id the list shows is what the mediator types.
      const short = admitted.participantId.slice(0, 8);
      expect(await mediation(`admit ${short}`)).toEqual([t('fr', 'mediator:admit.done', { id: short })]);
      expect(await statusOf(admitted.participantId)).toBe('ADMITTED');
      expect((await audited('participant.admitted'))?.subjectId).toBe(admitted.participantId);
    }
    expect((await outbox('fileAdmitted')).map((row) => row.personId)).toEqual([
      first.personId,
      second.personId,
    ]);

    expect(await confirmed(`reject ${third.participantId} "${REJECTION}"`)).toBe(
      t('fr', 'mediator:reject.done', { id: third.participantId.slice(0, 8) }),
    );
    expect(
      await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: third.participantId } }),
    ).toMatchObject({
      status: 'REJECTED',
      rejectionReason: REJECTION,
      decidedBy: MEDIATOR,
    });
    expect((await audited('participant.rejected'))?.subjectId).toBe(third.participantId);
    const [rejection] = await outbox('fileRejected');
    expect(rejection).toMatchObject({ personId: third.personId, payload: { params: { reason: REJECTION } } });
  });

  it('closes registration, invites the company and records its offer', async () => {
    const closed = await confirmed(`close-registration ${SLUG}`);
    expect(closed).toContain('avec 2 dossiers acceptés. La médiation doit aboutir au plus tard le');
    const row = await mediationRow();
    expect(row.status).toBe('REGISTRATION_CLOSED');
    // The 90-day limit started with the first file received, each of which had its notice then.
    expect(row.openingNoticeAt).not.toBeNull();
    const started = await h.t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId: row.id, action: 'mediation.limitStarted' },
    });
    expect(started.details).toEqual({ endsBy: row.endsBy?.toISOString() });
    expect(await outbox('openingNotice')).toHaveLength(3);

    const invited = await confirmed(`invite-company ${SLUG}`);
    expect(invited).toContain('L’entreprise Acme SA est invitée à répondre');
    // R612-2: no channel to the company, so the notice of seizure to send comes with the answer.
    expect(invited).toContain('notification de saisine');
    expect(invited).toContain('se retirer de la médiation à tout moment');
    expect(await mediationRow()).toMatchObject({ status: 'NEGOTIATION', companyNotifiedVia: 'MANUAL' });
    expect((await audited('mediation.status'))?.details).toMatchObject({ to: 'NEGOTIATION' });
    expect(await outbox('companyInvited')).toHaveLength(2);

    const [recorded] = await mediation(
      `record-offer ${SLUG} --terms-fr "Remboursement des frais facturés" --terms-en "Refund of the fees charged" --fixed 30`,
    );
    expect(recorded).toContain('Offre du tour 1 enregistrée pour «\u00a0Frais cachés chez Acme\u00a0»');
    const offer = await h.t.db.prisma.offer.findFirstOrThrow({ where: { mediationId: state.mediationId } });
    expect(offer).toMatchObject({
      round: 1,
      status: 'PROPOSED',
      termsFr: 'Remboursement des frais facturés',
      compensationKind: 'FIXED',
      fixedCents: 3000,
      recordedBy: MEDIATOR,
    });
    expect((await audited('offer.recorded'))?.subjectId).toBe(offer.id);
  });

  it('opens the vote; while the consumers vote, shows the turnout and nothing of their choices', async () => {
    state.callsBeforeVote = h.fake.calls.length;
    state.responsesBeforeVote = h.fake.responses.length;
    const opened = await confirmed(`open-vote ${SLUG} 2026-03-09T18:00`);
    expect(opened).toContain('Vote ouvert pour «\u00a0Frais cachés chez Acme\u00a0» jusqu');
    expect(opened).toContain('2 votant·es appelé·es');
    const vote = await h.t.db.prisma.vote.findFirstOrThrow({
      where: { offer: { mediationId: state.mediationId } },
    });
    state.voteId = vote.id;
    expect(vote).toMatchObject({
      closesAt: new Date('2026-03-09T17:00:00Z'),
      electorateSize: 2,
      closedAt: null,
    });
    expect((await mediationRow()).status).toBe('VOTING');
    expect((await audited('vote.opened'))?.details).toEqual({ round: 1, electorate: 2 });
    const [voteOpened] = await outbox('voteOpened');
    expect(voteOpened).toMatchObject({
      audience: 'group',
      payload: { group: { group: 'electorate', voteId: vote.id } },
    });

    for (const [i, choice] of (['ACCEPT', 'REFUSE'] as const).entries()) {
      const consumer = state.consumers[i] as Consumer;
      const cast = unwrap(
        await h.t.core.castBallot(personActor(consumer.personId), { voteId: vote.id, choice }),
      );
      state.receipts.push(cast.receiptCode);
    }
    expect(await h.t.db.prisma.ballot.count({ where: { voteId: vote.id } })).toBe(2);

    const [turnout] = await mediation(`statistics ${SLUG}`);
    expect(turnout).toContain(`participation 2 sur 2 (100${NBSP}%)`);
    expect(turnout).not.toMatch(/pour\s:|contre\s:|abstentions/);
    // Nothing Slack received since the vote opened tells a choice, a count of choices, or a receipt code.
    const sinceOpening = JSON.stringify([
      h.fake.calls.slice(state.callsBeforeVote),
      h.fake.responses.slice(state.responsesBeforeVote),
    ]);
    for (const secret of [...state.receipts, 'ACCEPT', 'REFUSE', `pour${NBSP}:`, `contre${NBSP}:`])
      expect(sinceOpening).not.toContain(secret);
  });

  it('extends the vote with a reason, then closes it and shows the counts', async () => {
    const extended = await confirmed(`extend-vote ${SLUG} 24 "Un jour férié a gêné le vote."`);
    expect(extended).toContain('Vote prolongé de 24 heures');
    expect(await h.t.db.prisma.vote.findUniqueOrThrow({ where: { id: state.voteId } })).toMatchObject({
      closesAt: new Date('2026-03-10T17:00:00Z'),
      extensionReason: 'Un jour férié a gêné le vote.',
    });
    expect((await audited('vote.extended'))?.details).toEqual({ hours: 24 });
    const [told] = await outbox('voteExtended');
    expect(told?.payload).toMatchObject({ params: { reason: 'Un jour férié a gêné le vote.' } });

    // Every elector has voted: the vote may close before its deadline.
    const closed = await confirmed(`close-vote ${SLUG}`);
    expect(closed).toContain(
      `1 pour sur 2 votant·es possibles, soit 50${NBSP}% (il en fallait au moins 66,67${NBSP}%)${NBSP}; 1 contre, 0 abstention et 0 sans réponse.`,
    );
    expect(await h.t.db.prisma.vote.findUniqueOrThrow({ where: { id: state.voteId } })).toMatchObject({
      outcome: 'REJECTED',
      acceptCount: 1,
      refuseCount: 1,
      abstainCount: 0,
    });
    expect((await mediationRow()).status).toBe('REJECTED');
    expect((await audited('vote.closed'))?.details).toMatchObject({
      outcome: 'REJECTED',
      accept: 1,
      refuse: 1,
    });
    const [result] = await outbox('voteResult');
    expect(result).toMatchObject({
      audience: 'group',
      payload: { params: { outcome: 'REJECTED', accept: 1 } },
    });

    const [counts] = await mediation(`statistics ${SLUG}`);
    expect(counts).toContain(
      `offre refusée. 1 pour sur 2 votant·es possibles, soit 50${NBSP}% (il en fallait au moins 66,67${NBSP}%)`,
    );
  });

  it('writes to the participants, and exports their files to the mediator’s direct messages', async () => {
    const sent = await confirmed(
      `broadcast ${SLUG} "La médiation continue : une nouvelle offre est attendue."`,
    );
    expect(sent).toBe(t('fr', 'mediator:broadcast.done', { title: 'Frais cachés chez Acme', count: 2 }));
    expect((await audited('mediation.broadcast'))?.details).toMatchObject({ recipients: 2 });
    const [broadcast] = await outbox('broadcast');
    expect(broadcast).toMatchObject({
      audience: 'group',
      payload: { params: { message: 'La médiation continue : une nouvelle offre est attendue.' } },
    });

    const uploads = h.fake.uploads.length;
    const [exported, handed] = await mediation(`export-participants ${SLUG}`, 2);
    expect(exported).toContain('export de 3 dossiers (sans aucune information de vote)');
    const upload = h.fake.uploads[uploads];
    expect(upload?.filename).toBe(`participants-${SLUG}-2026-03-02.csv`);
    expect(handed).toBe(t('fr', 'slack:file.sent', { count: 1, name: upload?.filename ?? '' }));
    expect(h.fake.callsOf('conversations.open').at(-1)?.args.users).toBe(ALICE.id);
    expect(h.fake.callsOf('files.completeUploadExternal').at(-1)?.args.channel_id).toBe('D0ALICE');
    const csv = upload?.content ?? '';
    for (const consumer of state.consumers) expect(csv).toContain(consumer.participantId);
    expect(csv).toContain(REJECTION);
    for (const secret of [...state.receipts, 'ACCEPT', 'REFUSE']) expect(csv).not.toContain(secret);
  });

  it('shows the audit log, proves it intact, and counts the year in the annual report', async () => {
    const [log] = await mediation(`audit-log ${SLUG} --limit 500`);
    for (const action of ['mediation.created', 'participant.rejected', 'vote.opened', 'vote.closed']) {
      expect(log).toContain(`${MEDIATOR} ${action}`);
    }
    expect(log).toContain('ballot.cast');

    const [verified] = await mediation('verify-audit');
    expect(verified).toContain(`Le journal d’audit est intact${NBSP}: ${await auditCount()} entrées.`);

    const [report] = await mediation('annual-report 2026');
    expect(report).toContain(t('fr', 'mediator:annualReport.heading', { year: '2026' }));
    expect(report).toContain(`${REJECTION} (1)`);
  });
});
