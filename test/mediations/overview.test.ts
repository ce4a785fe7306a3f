import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import {
  createDraft,
  fixedOffer,
  inNegotiation,
  mediationRow,
  mediator,
  nth,
  openMediation,
} from './fixtures.ts';

const t = useTestCore();

describe('the mediators’ overview of every mediation', () => {
  const ids = {} as Record<'open' | 'negotiation' | 'voting' | 'draft' | 'cancelled', string>;
  const now = () => t.clock.now().getTime();

  beforeAll(async () => {
    await emptyAllTables(t.db);
    const open = await openMediation(t, { admitted: 1, submitted: 2 });
    ids.open = open.mediationId;
    // One file waits since long (its three weeks are over), the other is due in two days.
    await t.db.prisma.participant.update({
      where: { id: nth(open.pending, 0).participantId },
      data: { decisionDueAt: new Date(now() - DAY) },
    });
    await t.db.prisma.participant.update({
      where: { id: nth(open.pending, 1).participantId },
      data: { decisionDueAt: new Date(now() + 2 * DAY) },
    });
    ids.negotiation = (await inNegotiation(t, { admitted: 1 })).mediationId;
    const voting = await inNegotiation(t, { admitted: 2 });
    ids.voting = voting.mediationId;
    unwrap(await t.core.recordOffer(mediator, { mediationId: ids.voting, ...fixedOffer() }));
    unwrap(await t.core.openVote(mediator, { mediationId: ids.voting, closesAt: new Date(now() + 3 * DAY) }));
    const voteId = (await t.core.query.openVoteOfMediation({ mediationId: ids.voting }))?.voteId as string;
    unwrap(
      await t.core.castBallot(personActor(nth(voting.members, 0).personId), { voteId, choice: 'REFUSE' }),
    );
    ids.draft = await createDraft(t);
    ids.cancelled = (await openMediation(t, { admitted: 1 })).mediationId;
    unwrap(
      await t.core.cancelMediation(mediator, {
        mediationId: ids.cancelled,
        reason: 'Doublon d’une autre médiation',
      }),
    );
  });

  it('lists every mediation, whatever its status, soonest due first, ended ones last', async () => {
    const overview = await t.core.query.mediationsOverview();
    expect(overview.map((m) => m.id)).toEqual([
      ids.open,
      ids.voting,
      ids.negotiation,
      ids.draft,
      ids.cancelled,
    ]);
    expect(overview.map((m) => m.status)).toEqual(['OPEN', 'VOTING', 'NEGOTIATION', 'DRAFT', 'CANCELLED']);
  });

  it('gives the files awaiting review with their earliest deadline and how many are overdue', async () => {
    const open = (await t.core.query.mediationsOverview()).find((m) => m.id === ids.open);
    expect(open?.participants).toEqual({ draft: 0, submitted: 2, admitted: 1, rejected: 0, withdrawn: 0 });
    expect(open?.totalClaimedCents).toBe(10_000);
    const registration = (await mediationRow(t, ids.open)).registrationClosesAt;
    expect(open?.due).toEqual([
      { kind: 'reviewFiles', at: new Date(now() - DAY), count: 2, overdue: 1 },
      { kind: 'registrationCloses', at: registration },
    ]);
    expect(open?.nextDueAt).toEqual(new Date(now() - DAY));
  });

  it('gives a running vote’s closing time and turnout, never its choices', async () => {
    const voting = (await t.core.query.mediationsOverview()).find((m) => m.id === ids.voting);
    expect(voting?.runningVote).toMatchObject({
      closesAt: new Date(now() + 3 * DAY),
      voted: 1,
      electorate: 2,
    });
    expect(voting?.due.map((due) => due.kind)).toEqual(['voteCloses', 'mediationEnds']);
    expect(JSON.stringify(voting)).not.toMatch(/REFUSE|ACCEPT|receipt/i);
  });

  it('gives the company’s answer deadline until its first offer, and the 90-day limit', async () => {
    const negotiation = (await t.core.query.mediationsOverview()).find((m) => m.id === ids.negotiation);
    const row = await mediationRow(t, ids.negotiation);
    expect(negotiation?.due).toEqual([
      { kind: 'companyAnswer', at: row.companyAnswerDueAt },
      { kind: 'mediationEnds', at: row.endsBy },
    ]);
    unwrap(await t.core.recordOffer(mediator, { mediationId: ids.negotiation, ...fixedOffer() }));
    const after = (await t.core.query.mediationsOverview()).find((m) => m.id === ids.negotiation);
    expect(after?.due.map((due) => due.kind)).toEqual(['mediationEnds']);
  });

  it('has nothing due for a draft or an ended mediation', async () => {
    const overview = await t.core.query.mediationsOverview();
    for (const id of [ids.draft, ids.cancelled]) {
      expect(overview.find((m) => m.id === id)).toMatchObject({ due: [], nextDueAt: null });
    }
    expect(overview.find((m) => m.id === ids.cancelled)?.closedAt).toEqual(t.clock.now());
  });

  it('lists the companies, for choosing one', async () => {
    const companies = await t.core.query.companies();
    expect(companies).toHaveLength(5);
    expect(companies[0]).toMatchObject({ name: 'RED by SFR', mediations: 1 });
  });
});
