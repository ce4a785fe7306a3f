import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { usingServer } from '../support/database.ts';
import { ballotsInPublishedList } from '../support/published-list.ts';
import { negotiationWithOffer } from './fixtures.ts';

// Real concurrency needs several connections: these run on the PostgreSQL server (CI's second pass).
describe.runIf(usingServer())('votes under concurrency (PostgreSQL)', () => {
  let t: TestCore;
  const mediator = mediatorActor('slack:T1/U1');
  beforeAll(async () => {
    t = await openTestCore();
  });
  afterAll(() => t.close());

  async function openedVote(admitted: number) {
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted });
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    return { ...f, voteId, closesAt };
  }

  it('50 concurrent ballots from one participant leave exactly one counted ballot', async () => {
    const f = await openedVote(2);
    const person = personActor(f.electors[0]?.personId ?? '');
    const choices = ['ACCEPT', 'REFUSE', 'ABSTAIN'] as const;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.core.castBallot(person, { voteId: f.voteId, choice: choices[i % 3] ?? 'ACCEPT' }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ballots = await t.db.prisma.ballot.findMany({ where: { voteId: f.voteId } });
    expect(ballots).toHaveLength(1);
    // The ballot that stays is the last one recorded, and its receipt is the one last returned for it.
    const lastChanged = results
      .filter((r) => r.ok && r.value.changed)
      .map((r) => (r.ok ? r.value.receiptCode : ''));
    expect(lastChanged).toContain(ballots[0]?.receiptCode);
    t.clock.set(f.closesAt);
    const result = unwrap(await t.core.closeVote(mediator, { voteId: f.voteId }));
    expect(result.counts.accept + result.counts.refuse + result.counts.abstain).toBe(1);
  });

  it('two concurrent closes produce one result', async () => {
    const f = await openedVote(4);
    for (const elector of f.electors) {
      unwrap(await t.core.castBallot(personActor(elector.personId), { voteId: f.voteId, choice: 'ACCEPT' }));
    }
    t.clock.set(f.closesAt);
    const [a, b] = await Promise.all([
      t.core.closeVote(mediator, { voteId: f.voteId }),
      t.core.closeVote(mediator, { voteId: f.voteId }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'vote.closed', subjectId: f.voteId } }),
    ).toBe(1);
    expect(await t.db.prisma.outboxMessage.count({ where: { dedupKey: `voteResult:${f.voteId}` } })).toBe(1);
  });

  it('ballots racing the close are either counted or refused, never lost in between', async () => {
    const f = await openedVote(30);
    t.clock.set(new Date(f.closesAt.getTime() - 1));
    const ballots = f.electors.map((e) =>
      t.core.castBallot(personActor(e.personId), { voteId: f.voteId, choice: 'ACCEPT' }),
    );
    const close = (async () => {
      t.clock.set(f.closesAt);
      return t.core.closeVote(mediator, { voteId: f.voteId });
    })();
    const [results, closed] = await Promise.all([Promise.all(ballots), close]);
    const counted = unwrap(closed).counts.accept;
    expect(counted).toBe(results.filter((r) => r.ok).length);
    expect(await ballotsInPublishedList(t.db, f.voteId)).toBe(counted);
  });
});
