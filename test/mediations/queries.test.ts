import { describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { DAY } from '../../core/clock/clock.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import {
  acceptedMediation,
  addParticipant,
  createDraft,
  defined,
  endVote,
  fireTimers,
  fixedOffer,
  inNegotiation,
  mediationRow,
  mediator,
  nth,
  openMediation,
  percentOffer,
  startVote,
} from './fixtures.ts';

const t = useTestCore();

describe('browsing open mediations', () => {
  it('lists only OPEN ones, soonest deadline first, page by page, with participant counts', async () => {
    await emptyAllTables(t.db);
    const now = t.clock.now().getTime();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { mediationId } = await openMediation(t, {
        admitted: i,
        submitted: 1,
        overrides: {
          registrationClosesAt: new Date(now + (10 - i) * DAY),
          title: { fr: `Titre ${i}`, en: `Title ${i}` },
        },
      });
      ids.push(mediationId);
    }
    await addParticipant(t, nth(ids, 4), { status: 'WITHDRAWN' });
    await addParticipant(t, nth(ids, 4), { status: 'DRAFT' });
    await createDraft(t); // a draft is not listed
    const page1 = await t.core.query.openMediations({ page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 5, pages: 3 });
    expect(page1.items.map((m) => [m.id, m.title, m.participants])).toEqual([
      [ids[4], 'Titre 4', 5],
      [ids[3], 'Titre 3', 4],
    ]);
    const page3 = await t.core.query.openMediations({ page: 3, pageSize: 2, locale: 'en' });
    expect(page3.items.map((m) => [m.title, m.participants, m.company])).toEqual([
      ['Title 0', 1, 'RED by SFR'],
    ]);
    expect((await t.core.query.openMediations({ page: 9, pageSize: 1000 })).items).toEqual([]);
  });
});

describe('one mediation', () => {
  it('is found by slug, with its rule card: base, threshold as a fraction and percent, registration deadline', async () => {
    const mediationId = await createDraft(t, {
      slug: 'sfam-assurance',
      ruleProfile: { voteBase: 'VOTES_CAST', threshold: { numerator: 2, denominator: 3 } },
    });
    unwrap(await t.core.openRegistration(mediator, { mediationId }));
    const view = await t.core.query.mediationBySlug({ slug: 'SFAM-assurance' });
    expect(view?.id).toBe(mediationId);
    expect(view?.ruleCard).toEqual({
      base: 'VOTES_CAST',
      threshold: { numerator: 2, denominator: 3, percent: 66.67 },
      quorum: { numerator: 1, denominator: 2, percent: 50 },
      registrationClosesAt: view?.registrationClosesAt,
      round: null,
      voteClosesAt: null,
    });
    expect(view?.eligibilityQuestions).toHaveLength(1);
    expect(await t.core.query.mediationBySlug({ slug: 'nothing-here' })).toBeNull();
    expect(await t.core.query.mediationDetails({ mediationId: 'not-a-uuid' })).toBeNull();
  });

  it('shows the current round and the deadline of the running vote', async () => {
    const { mediationId, members } = await inNegotiation(t);
    const { offerId } = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const voteId = await startVote(t, mediationId, offerId, members);
    const vote = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    const view = await t.core.query.mediationDetails({ mediationId });
    expect(view?.ruleCard).toMatchObject({
      base: 'ELECTORATE',
      quorum: null,
      round: 1,
      voteClosesAt: vote.closesAt,
    });
    expect(view?.ruleCard.threshold).toEqual({ numerator: 3, denominator: 4, percent: 75 });
    expect(view?.currentOffer).toMatchObject({
      id: offerId,
      round: 1,
      status: 'VOTING',
      fixedCents: 5_000,
      voteId,
    });
  });
});

describe('statistics', () => {
  it('counts participants by status, sums what the admitted claimed, and shows each round', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 3, submitted: 1 });
    await t.db.prisma.participant.update({
      where: { id: nth(members, 0).participantId },
      data: { amountCents: 12_345 },
    });
    await addParticipant(t, mediationId, { status: 'WITHDRAWN', amountCents: 99_999 });
    await addParticipant(t, mediationId, { status: 'REJECTED', amountCents: 50_000 });
    // Round 1: rejected after a vote; round 2: being voted on.
    const first = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const firstVote = await startVote(t, mediationId, first.offerId, members);
    await endVote(t, mediationId, first.offerId, firstVote, 'REJECTED', {
      electorateSize: 3,
      acceptCount: 1,
      refuseCount: 2,
      abstainCount: 0,
    });
    const second = unwrap(await t.core.recordOffer(mediator, { mediationId, ...percentOffer(5_000) }));
    const secondVote = await startVote(t, mediationId, second.offerId, members);
    await t.db.prisma.electorateMember.update({
      where: { voteId_participantId: { voteId: secondVote, participantId: nth(members, 1).participantId } },
      data: { hasVoted: true },
    });

    const stats = await t.core.query.mediationStatistics({ mediationId });
    expect(stats?.participants).toEqual({ DRAFT: 0, SUBMITTED: 1, ADMITTED: 3, REJECTED: 1, WITHDRAWN: 1 });
    expect(stats?.totalClaimedCents).toBe(12_345 + 10_000 + 10_000);
    expect(stats?.offers).toMatchObject([
      {
        round: 1,
        status: 'REJECTED',
        vote: { closed: true, outcome: 'REJECTED', electorate: 3, accept: 1, refuse: 2, abstain: 0 },
      },
      // While the vote runs only the turnout shows.
      { round: 2, status: 'VOTING', vote: { closed: false, electorate: 3, voted: 1 } },
    ]);
    expect(stats?.offers[1]?.vote).not.toHaveProperty('accept');
  });
});

describe('the annual report', () => {
  it('counts disputes, refusals with reasons, withdrawals, outcomes and the mean duration', async () => {
    await emptyAllTables(t.db);
    t.clock.set(new Date('2026-03-02T09:00:00Z'));
    // A success that lasted exactly 30 days from its opening notice.
    const success = await acceptedMediation(t, { admitted: 2 });
    await t.db.prisma.mediation.update({
      where: { id: success.mediationId },
      data: {
        status: 'CLOSED_SUCCESS',
        closedAt: new Date(t.clock.now().getTime() + 30 * DAY),
        closingReason: 'all_payouts_confirmed',
      },
    });
    // A failure through the company's silence, 20 working days after the invitation.
    const silent = await inNegotiation(t, { admitted: 1, submitted: 0 });
    await addParticipant(t, silent.mediationId, { status: 'REJECTED' });
    await addParticipant(t, silent.mediationId, { status: 'REJECTED' });
    await addParticipant(t, silent.mediationId, { status: 'WITHDRAWN' });
    t.clock.set(defined((await mediationRow(t, silent.mediationId)).companyAnswerDueAt));
    await fireTimers(t);
    // A cancelled draft and one still open.
    const draft = await createDraft(t);
    unwrap(await t.core.cancelMediation(mediator, { mediationId: draft, reason: 'Créée par erreur' }));
    await openMediation(t, { admitted: 1 });

    const report = await t.core.query.annualReport({ year: 2026 });
    expect(report.disputes).toEqual({ mediations: 3, files: 2 + 1 + 2 + 1 + 1 });
    expect(report.refusals).toEqual({
      files: 2,
      percentOfFiles: Math.round((2 * 10000) / 7) / 100,
      reasons: [{ reason: 'Pas de réclamation écrite préalable', count: 2 }],
    });
    expect(report.withdrawals).toBe(1);
    expect(report.outcomes).toMatchObject({ closed: 3, succeeded: 1, failed: 1, cancelled: 1 });
    expect(report.outcomes.reasons).toEqual(
      expect.arrayContaining([
        { status: 'CLOSED_FAILURE', reason: 'company_silent', count: 1 },
        { status: 'CANCELLED', reason: 'Créée par erreur', count: 1 },
      ]),
    );
    // The cancelled draft never had an opening notice: it counts from its creation, i.e. 0 days here.
    const silentRow = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: silent.mediationId } });
    const silentDays =
      (defined(silentRow.closedAt).getTime() - defined(silentRow.openingNoticeAt).getTime()) / DAY;
    const draftRow = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: draft } });
    const draftDays = (defined(draftRow.closedAt).getTime() - draftRow.createdAt.getTime()) / DAY;
    expect(report.meanDurationDays).toBe(Math.round(((30 + silentDays + draftDays) / 3) * 10) / 10);
    expect((await t.core.query.annualReport({ year: 2025 })).outcomes.closed).toBe(0);
  });
});

describe('the audit log of a mediation', () => {
  it('lists its entries newest first, with ids and statuses only, and the chain verifies', async () => {
    const { mediationId } = await inNegotiation(t, { admitted: 1 });
    const log = await t.core.query.auditLog({ mediationId, limit: 3 });
    expect(log.map((e) => e.action)).toEqual([
      'mediation.status',
      // Files written straight in the database had no notice on receipt: the limit starts at closing.
      'mediation.limitStarted',
      'mediation.status',
    ]);
    expect(log[0]).toMatchObject({
      actor: 'mediator:U0MEDIATOR',
      details: { from: 'REGISTRATION_CLOSED', to: 'NEGOTIATION' },
    });
    expect(Number(nth(log, 0).seq)).toBeGreaterThan(Number(nth(log, 1).seq));
    // Numbered in the mediation's own chain: one after the other, whatever the rest of the platform did.
    expect(log.map((e) => Number(e.position) - Number(nth(log, 2).position))).toEqual([2, 1, 0]);
    expect(log.every((e) => !e.inSharedLog)).toBe(true);
    expect(await t.core.query.auditLog({ mediationId: 'nope' })).toEqual([]);
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
  });
});
