import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { usingServer } from '../support/database.ts';
import { negotiationWithOffer } from './fixtures.ts';

// Withdrawal is a legal right at any time (product.md §4), erasure goes the same way: neither may fail
// because others leave at the same moment. Before issue 10, 11 of 12 simultaneous withdrawals
// deadlocked on the vote row. Real concurrency needs several connections: PostgreSQL only.
describe.runIf(usingServer())('leaving a running vote all at once (PostgreSQL)', () => {
  let t: TestCore;
  const mediator = mediatorActor('slack:T1/U1');
  beforeAll(async () => {
    t = await openTestCore();
  });
  afterAll(() => t.close());

  it('50 withdrawals and 10 erasures at the same moment all succeed, and the tally is right', async () => {
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 70 });
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    // Everyone votes first, so leaving also deletes a ballot: the stayers' 10 are the ones counted.
    for (const [i, e] of f.electors.entries()) {
      const choice = i % 2 === 0 ? 'ACCEPT' : 'REFUSE';
      unwrap(await t.core.castBallot(personActor(e.personId), { voteId, choice }));
    }
    const leaving = f.electors.slice(0, 50);
    const erasing = f.electors.slice(50, 60);
    const started = Date.now();
    const results = await Promise.all([
      ...leaving.map((e) => t.core.withdraw(personActor(e.personId), { participantId: e.participantId })),
      ...erasing.map((e) => t.core.erasePerson(personActor(e.personId), { confirm: true })),
    ]);
    const elapsed = Date.now() - started;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // The failure this guards against took 30 s per request; a generous bound, not a benchmark.
    expect(elapsed).toBeLessThan(20_000);
    expect(await t.db.prisma.ballot.count({ where: { voteId } })).toBe(10);

    t.clock.set(closesAt);
    const result = unwrap(await t.core.closeVote(mediator, { voteId }));
    expect(result.counts).toEqual({ electorate: 10, accept: 5, refuse: 5, abstain: 0 });
    expect(await t.db.prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).toMatchObject({
      electorateSize: 10,
      acceptCount: 5,
      refuseCount: 5,
    });
  });
});
