import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { bulkNegotiation, castBulkBallots, freshBenchDatabase, measure, round } from '../support.ts';

/**
 * Closing a vote of 100,000 ballots: the tally is done by the database (a GROUP BY), never by loading
 * ballots, so time and memory stay flat whatever the size of the electorate.
 * Target (issue 2, 2-core machine, PostgreSQL): ≤ 200 ms.
 */
export async function closeVoteScenario(ballots = 100_000) {
  const bench = await freshBenchDatabase();
  try {
    const mediator = mediatorActor('bench');
    const closesAt = new Date(bench.clock.now().getTime() + 7 * DAY);
    // A running server has already compiled its queries: close a small vote first, unmeasured.
    const warmUp = await bulkNegotiation(bench.db, 10, 'warm-up');
    const small = unwrap(await bench.core.openVote(mediator, { mediationId: warmUp.mediationId, closesAt }));
    const { mediationId } = await bulkNegotiation(bench.db, ballots);
    const { voteId } = unwrap(await bench.core.openVote(mediator, { mediationId, closesAt }));
    bench.clock.set(closesAt);
    unwrap(await bench.core.closeVote(mediator, { voteId: small.voteId }));
    await castBulkBallots(bench.db, voteId);
    bench.clock.set(closesAt);
    const rssBeforeMb = round(process.memoryUsage().rss / 2 ** 20);
    const { value, ms, peakRssMb } = await measure(async () =>
      unwrap(await bench.core.closeVote(mediator, { voteId })),
    );
    return {
      scenario: 'closeVote',
      ballots,
      outcome: value.outcome,
      counts: value.counts,
      closeMs: round(ms),
      rssBeforeMb,
      peakRssMb,
      targetMs: 200,
      meetsTarget: ms <= 200,
    };
  } finally {
    await bench.drop();
  }
}
