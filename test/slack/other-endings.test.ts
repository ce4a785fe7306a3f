import { describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import {
  fixedOffer,
  inNegotiation,
  type Member,
  mediationRow,
  mediator,
  outbox,
} from '../mediations/fixtures.ts';
import { useSlackApp } from './harness.ts';
import { MEDIATOR, mediationCommands } from './mediation-command.ts';

/**
 * The endings whole-mediation.test.ts does not reach, each run by a mediator through `/mediation` in
 * Slack: an accepted offer signed and paid, an offer replaced under vote, a mediation extended then
 * cancelled, one closed without agreement, and an answer to a consumer's `/contact` message. Each
 * mediation starts from the core's own commands; consumers act through the core, as their bots would.
 */
const h = useSlackApp({ actions: mediatorActions });
const { mediation, confirmed, audited } = mediationCommands(h);

const NBSP = '\u00a0';
const TITLE = 'Frais cachés RED';

/** A mediation in NEGOTIATION with a 50 € offer recorded, and its slug for the commands. */
async function negotiating(admitted: number) {
  const { mediationId, members } = await inNegotiation(h.t, { admitted });
  const { offerId } = unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
  const { slug } = await mediationRow(h.t, mediationId);
  return { mediationId, members, offerId, slug };
}

/** The notifications of `kind` queued for each of `members` (group ones expanded), in their order. */
async function toldTo(kind: string, members: Member[]) {
  const rows = await outbox(h.t, { kind });
  return members.map((member) => rows.filter((row) => row.personId === member.personId));
}

async function expectToldOnce(kind: string, members: Member[], payload: object = {}) {
  for (const rows of await toldTo(kind, members)) {
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toMatchObject(payload);
  }
}

const castAll = async (voteId: string, members: Member[], choices: ('ACCEPT' | 'REFUSE')[]) => {
  for (const [i, choice] of choices.entries()) {
    const voter = members[i] as Member;
    unwrap(await h.t.core.castBallot(personActor(voter.personId), { voteId, choice }));
  }
};

describe('an accepted offer, signed and paid, through /mediation', () => {
  const state = { mediationId: '', slug: '', members: [] as Member[], payouts: [] as string[] };

  it('closes a vote that accepts and opens the signing of the agreement', async () => {
    const { mediationId, members, offerId, slug } = await negotiating(4);
    Object.assign(state, { mediationId, members, slug });
    await confirmed(`open-vote ${slug} 2026-03-09T18:00`);
    const vote = await h.t.db.prisma.vote.findUniqueOrThrow({ where: { offerId } });
    // 3 of 4 electors: exactly the default threshold of three quarters.
    await castAll(vote.id, members, ['ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE']);

    const closed = await confirmed(`close-vote ${slug}`);
    expect(closed).toContain(
      `3 pour sur 4 votant·es possibles, soit 75${NBSP}% (il en fallait au moins 75${NBSP}%)`,
    );
    expect(closed).toContain(t('fr', 'mediator:closeVote.next.ACCEPTED', { slug }));
    expect(await h.t.db.prisma.vote.findUniqueOrThrow({ where: { id: vote.id } })).toMatchObject({
      outcome: 'ACCEPTED',
      acceptCount: 3,
    });
    expect((await mediationRow(h.t, mediationId)).status).toBe('ACCEPTED');
    expect((await audited('vote.closed'))?.mediationId).toBe(mediationId);

    const opened = await confirmed(`open-adhesion ${slug} 2026-03-16T18:00`);
    expect(opened).toContain(`Signature de l’accord ouverte pour «${NBSP}${TITLE}${NBSP}» jusqu’au`);
    expect(opened).toContain('4 participant·es sont invité·es à adhérer');
    expect(await mediationRow(h.t, mediationId)).toMatchObject({
      status: 'ADHESION',
      adhesionClosesAt: new Date('2026-03-16T17:00:00Z'),
    });
    expect((await audited('mediation.status'))?.details).toMatchObject({ from: 'ACCEPTED', to: 'ADHESION' });
    await expectToldOnce('adhesionRequested', members, {
      params: { closesAt: { date: '2026-03-16T17:00:00.000Z' } },
    });
  });

  it('closes the signing after the consumers decided, and lists the payouts it created', async () => {
    const [first, second, third] = state.members as [Member, Member, Member];
    for (const [member, decision] of [
      [first, 'ADHERED'],
      [second, 'ADHERED'],
      [third, 'DECLINED'],
    ] as const) {
      const actor = personActor(member.personId);
      unwrap(await h.t.core.decideAdhesion(actor, { mediationId: state.mediationId, decision }));
    }
    const [before] = await mediation(`payouts ${state.slug}`);
    expect(before).toContain(`Adhésions${NBSP}: 2 · refus${NBSP}: 1 · sans réponse${NBSP}: 1`);
    expect(before).toContain(t('fr', 'mediator:payouts.none'));

    expect(await confirmed(`close-adhesion ${state.slug}`)).toBe(
      t('fr', 'mediator:closeAdhesion.executed', { count: 2, slug: state.slug }),
    );
    expect((await mediationRow(h.t, state.mediationId)).status).toBe('EXECUTION');
    const payouts = await h.t.db.prisma.payout.findMany({
      where: { offer: { mediationId: state.mediationId } },
      include: { participant: true },
    });
    expect(payouts.map((p) => [p.participant.personId, p.amountCents, p.status]).sort()).toEqual(
      [
        [first.personId, 5000, 'PENDING'],
        [second.personId, 5000, 'PENDING'],
      ].sort(),
    );
    expect((await audited('payouts.created'))?.details).toEqual({ count: 2 });
    const [told] = await outbox(h.t, { kind: 'adhesionClosed', personId: null });
    expect(told?.payload).toMatchObject({ params: { adhered: 2, declined: 1 } });

    const [listed] = await mediation(`payouts ${state.slug}`);
    for (const payout of payouts) {
      expect(listed).toContain(
        `${payout.id.slice(0, 8)} · dossier ${payout.participantId.slice(0, 8)} · 50,00${NBSP}€ · ${t('fr', 'common:payoutStatus.PENDING')}`,
      );
    }
    // In the order of the adherents: the first one's payout, then the second's.
    state.payouts = [first, second].map(
      (member) => payouts.find((p) => p.participant.personId === member.personId)?.id ?? '',
    );
  });

  it('marks the payouts sent; one adherent confirms, the other never does and is closed with a reason', async () => {
    const [first, second] = state.members as [Member, Member];
    for (const payoutId of state.payouts) {
      // Named by the 8 characters the list shows.
      expect(await mediation(`mark-payout-sent ${payoutId.slice(0, 8)}`)).toEqual([
        t('fr', 'mediator:markPayoutSent.done', { id: payoutId.slice(0, 8) }),
      ]);
      expect((await h.t.db.prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).status).toBe('SENT');
      expect((await audited('payout.sent'))?.subjectId).toBe(payoutId);
    }
    await expectToldOnce('payoutSent', [first, second]);

    const [firstPayout, secondPayout] = state.payouts as [string, string];
    const confirmation = unwrap(
      await h.t.core.confirmPayout(personActor(first.personId), { payoutId: firstPayout }),
    );
    expect(confirmation).toMatchObject({ changed: true, allConfirmed: false });

    // Still one payout to be confirmed: the mediation cannot end without a reason for it.
    const refused = await confirmed(`close-succeeded ${state.slug}`);
    expect(refused).toBe(
      t('fr', 'agreement:errors.payoutsOutstanding', { count: 1, payouts: secondPayout.slice(0, 8) }),
    );
    expect((await mediationRow(h.t, state.mediationId)).status).toBe('EXECUTION');

    // The second adherent cannot be reached any more: the mediator says so, for that payout.
    const reason = 'Personne injoignable depuis trois semaines';
    expect(
      await confirmed(`close-succeeded ${state.slug} --unconfirmed "${secondPayout.slice(0, 8)} ${reason}"`),
    ).toBe(
      [
        t('fr', 'mediator:closeSucceeded.done', { title: TITLE }),
        t('fr', 'mediator:closeSucceeded.unconfirmed', { count: 1 }),
      ].join('\n'),
    );
    expect(await mediationRow(h.t, state.mediationId)).toMatchObject({
      status: 'CLOSED_SUCCESS',
      closingReason: 'agreement_executed',
      closedAt: h.t.clock.now(),
    });
    expect(await audited('payout.closedUnconfirmed')).toMatchObject({
      subjectId: secondPayout,
      details: { status: 'SENT', reason },
    });
    expect((await audited('mediation.status'))?.details).toMatchObject({
      from: 'EXECUTION',
      to: 'CLOSED_SUCCESS',
    });
    await expectToldOnce('mediationClosed', state.members, {
      textKey: 'mediations:notify.closedBecause.agreement_executed',
    });
  });
});

describe('an offer replaced under vote, the mediation extended then cancelled', () => {
  const state = { mediationId: '', slug: '', members: [] as Member[], offerId: '', voteId: '' };
  const EXTENSION = 'L’entreprise demande un délai pour chiffrer sa nouvelle offre.';
  const CANCELLATION = 'L’entreprise a remboursé tout le monde avant la fin de la médiation.';

  it('shows the mediation while its vote runs: turnout only', async () => {
    const { mediationId, members, offerId, slug } = await negotiating(2);
    Object.assign(state, { mediationId, members, offerId, slug });
    const closesAt = new Date('2026-03-09T17:00:00Z');
    state.voteId = unwrap(await h.t.core.openVote(mediator, { mediationId, closesAt })).voteId;
    await castAll(state.voteId, members.slice(0, 1), ['ACCEPT']);

    const [shown] = await mediation(`show ${slug}`);
    for (const line of [
      t('fr', 'mediator:show.heading', { title: TITLE, slug }),
      t('fr', 'mediator:show.id', { id: mediationId }),
      t('fr', 'mediator:show.company', { company: 'RED by SFR' }),
      `État${NBSP}: ${t('fr', 'common:mediationStatus.VOTING')}`,
      `Offre du tour 1 (${t('fr', 'common:offerStatus.VOTING')})`,
      '1 votant·e sur 2 a répondu',
    ]) {
      expect(shown).toContain(line);
    }
    expect(shown).not.toMatch(/pour\s:|contre\s:/);
  });

  it('replaces the offer: the running vote is voided and its electors told', async () => {
    const replaced = await confirmed(
      `replace-offer ${state.slug} --terms-fr "Remboursement de la moitié des frais" --terms-en "Half of the fees refunded" --percent 50 --cap 100`,
    );
    expect(replaced).toContain(
      `«${NBSP}${TITLE}${NBSP}»${NBSP}: l’offre précédente est remplacée par celle du tour 2 (50${NBSP}% du montant réclamé, dans la limite de 100,00${NBSP}€)`,
    );
    expect(replaced).toContain(t('fr', 'mediator:replaceOffer.voteVoided'));

    expect(await h.t.db.prisma.vote.findUniqueOrThrow({ where: { id: state.voteId } })).toMatchObject({
      outcome: 'VOIDED',
      closedAt: h.t.clock.now(),
    });
    expect(await h.t.db.prisma.ballot.count({ where: { voteId: state.voteId } })).toBe(0);
    const offers = await h.t.db.prisma.offer.findMany({
      where: { mediationId: state.mediationId },
      orderBy: { round: 'asc' },
    });
    expect(offers).toMatchObject([
      { id: state.offerId, round: 1, status: 'VOIDED' },
      {
        round: 2,
        status: 'PROPOSED',
        termsFr: 'Remboursement de la moitié des frais',
        compensationKind: 'PERCENT',
        percentBasisPoints: 5000,
        capCents: 10000,
        recordedBy: MEDIATOR,
      },
    ]);
    expect((await mediationRow(h.t, state.mediationId)).status).toBe('NEGOTIATION');
    expect((await audited('vote.voided'))?.subjectId).toBe(state.voteId);
    expect((await audited('offer.voided'))?.subjectId).toBe(state.offerId);
    expect((await audited('offer.recorded'))?.subjectId).toBe(offers[1]?.id);
    await expectToldOnce('voteCancelled', state.members);
  });

  it('extends the mediation with a reason every participant receives', async () => {
    const before = await mediationRow(h.t, state.mediationId);
    const extended = await confirmed(`extend-mediation ${state.slug} "${EXTENSION}" --days 30`);
    expect(extended).toContain(`Médiation «${NBSP}${TITLE}${NBSP}» prolongée de 30 jours`);
    const extension = await h.t.db.prisma.mediationExtension.findFirstOrThrow({
      where: { mediationId: state.mediationId },
    });
    expect(extension).toMatchObject({
      days: 30,
      reason: EXTENSION,
      previousEndsBy: before.endsBy,
      createdBy: MEDIATOR,
    });
    const after = await mediationRow(h.t, state.mediationId);
    expect(after.endsBy).toEqual(extension.newEndsBy);
    expect(after.endsBy?.getTime()).toBeGreaterThan(before.endsBy?.getTime() ?? Infinity);
    expect((await audited('mediation.extended'))?.details).toEqual({
      days: 30,
      endsBy: after.endsBy?.toISOString(),
      companyNotice: 'forwardedByMediator',
    });
    // No channel to the company here: the mediator is handed its notice, in French, to forward.
    expect(extended).toContain('doit être prévenue elle aussi');
    expect(extended).toContain(`Motif${NBSP}: ${EXTENSION}`);
    await expectToldOnce('mediationExtended', state.members, { params: { reason: EXTENSION, count: 30 } });

    const [shown] = await mediation(`show ${state.slug}`);
    expect(shown).toContain(`Prolongée de 30 jours le `);
    expect(shown).toContain(EXTENSION);
  });

  it('cancels it with a reason every participant receives', async () => {
    expect(await confirmed(`cancel ${state.slug} "${CANCELLATION}"`)).toBe(
      t('fr', 'mediator:cancel.done', { title: TITLE }),
    );
    expect(await mediationRow(h.t, state.mediationId)).toMatchObject({
      status: 'CANCELLED',
      closingReason: CANCELLATION,
      closedAt: h.t.clock.now(),
    });
    expect((await audited('mediation.status'))?.details).toMatchObject({
      from: 'NEGOTIATION',
      to: 'CANCELLED',
    });
    await expectToldOnce('mediationCancelled', state.members, {
      textKey: 'mediations:notify.mediationCancelled',
      params: { reason: CANCELLATION },
    });

    const [shown] = await mediation(`show ${state.slug}`);
    expect(shown).toContain(`État${NBSP}: ${t('fr', 'common:mediationStatus.CANCELLED')}`);
    expect(shown).toContain(CANCELLATION);
  });
});

describe('a mediation closed without agreement through /mediation', () => {
  it('closes it with a reason every participant receives', async () => {
    const { mediationId, members, slug } = await negotiating(3);
    const REASON = 'L’entreprise refuse toute nouvelle offre.';
    expect(await confirmed(`close-failed ${slug} "${REASON}"`)).toBe(
      t('fr', 'mediator:closeFailed.done', { title: TITLE }),
    );
    expect(await mediationRow(h.t, mediationId)).toMatchObject({
      status: 'CLOSED_FAILURE',
      closingReason: REASON,
      closedAt: h.t.clock.now(),
    });
    const entry = await audited('mediation.status');
    expect(entry).toMatchObject({ mediationId, details: { from: 'NEGOTIATION', to: 'CLOSED_FAILURE' } });
    await expectToldOnce('mediationClosed', members, {
      textKey: 'mediations:notify.mediationFailed',
      params: { reason: REASON },
    });
  });
});

describe('an answer to a consumer’s /contact message through /mediation', () => {
  it('reaches that person, and only them', async () => {
    const { members } = await negotiating(2);
    const [writer, other] = members as [Member, Member];
    const { messageId } = unwrap(
      await h.t.core.contactMediators(personActor(writer.personId), {
        message: 'Bonjour, je n’ai pas reçu le formulaire de vote.',
      }),
    );
    const ANSWER = 'Bonjour, le vote n’est pas encore ouvert : vous serez prévenu·e.';

    expect(await mediation(`answer-contact ${messageId} "${ANSWER}"`)).toEqual([
      t('fr', 'mediator:answerContact.done'),
    ]);
    const [toWriter, toOther] = await toldTo('contactAnswer', [writer, other]);
    expect(toWriter).toHaveLength(1);
    expect(toWriter?.[0]?.payload).toMatchObject({
      textKey: 'mediator:notify.contactAnswer',
      params: { message: ANSWER },
      refs: { messageId },
    });
    expect(toOther).toEqual([]);
    const entry = await audited('person.contactAnswered');
    expect(entry).toMatchObject({ subjectId: writer.personId, details: { messageId } });
    // The audit says an answer went out, never its words.
    expect(JSON.stringify(entry?.details)).not.toContain('vote n’est pas');
  });
});

describe('the dashboard after these endings', () => {
  it('lists every mediation with its state, the ended ones with their closing date', async () => {
    const [listed] = await mediation('list');
    const all = await h.t.db.prisma.mediation.findMany({ include: { company: true } });
    expect(all.map((m) => m.status).sort()).toEqual(
      ['CANCELLED', 'CLOSED_FAILURE', 'CLOSED_SUCCESS', 'NEGOTIATION'].sort(),
    );
    for (const m of all) {
      const heading = t('fr', 'mediator:list.heading', {
        slug: m.slug,
        title: TITLE,
        company: m.company.name,
      });
      const block = listed?.split('\n\n').find((part) => part.startsWith(heading)) ?? '';
      expect(block, m.slug).toContain(`${t('fr', `common:mediationStatus.${m.status}`)} · dossiers acceptés`);
      if (m.closedAt) expect(block).toContain('Terminée le ');
      else expect(block).toContain(t('fr', 'mediator:list.due'));
    }
  });
});
