import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { bulkNegotiation, freshBenchDatabase, measure, round } from '../support.ts';

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
    // Ballots in bulk, as castBallot would leave them: 80 % accept, 15 % refuse, 5 % abstain.
    await bench.db.sql.query(
      `INSERT INTO ballot (vote_id, participant_id, choice, receipt_code)
       SELECT $1, participant_id,
         CASE WHEN n % 20 < 16 THEN 'ACCEPT' WHEN n % 20 < 19 THEN 'REFUSE' ELSE 'ABSTAIN' END::"BallotChoice",
         -- A receipt code of the published format (hex digits are Crockford base-32 digits too).
         regexp_replace(upper(substr(md5(n::text), 1, 12)), '(.{4})(.{4})(.{4})', '\\1-\\2-\\3')
       FROM (SELECT participant_id, row_number() OVER () AS n FROM electorate_member WHERE vote_id = $1) e`,
      [voteId],
    );
    await bench.db.sql.query('UPDATE electorate_member SET has_voted = true WHERE vote_id = $1', [voteId]);
    await bench.db.sql.exec('VACUUM ANALYZE');
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
