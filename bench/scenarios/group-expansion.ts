import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { addTelegramAccounts, bulkNegotiation, freshBenchDatabase, measure, round } from '../support.ts';

/**
 * A vote opened to 100,000 and to 1,000,000 electors (issue 11: the notification's expansion timed out
 * 3 times of 3 at 100,000, and held back an unrelated notification meanwhile). The vote-opened
 * notification is one group row, expanded by the dispatcher's passes in chunks of 5,000 people, each its
 * own transaction. Measured: the whole expansion, the longest pass (a pass expands before it delivers,
 * so that is the longest any other notification waits for the expansion), and how soon a message to
 * someone else, written while the electorate was being expanded, went out.
 */
export async function groupExpansionScenario(sizes = [100_000, 1_000_000]) {
  const results = [];
  for (const electors of sizes) results.push(await expansion(electors));
  return { scenario: 'groupExpansion', chunk: 5000, results };
}

async function expansion(electors: number) {
  const bench = await freshBenchDatabase();
  try {
    const { mediationId } = await bulkNegotiation(bench.db, electors, `expansion-${electors}`);
    await addTelegramAccounts(bench.db, mediationId);
    // Someone else, with a notification on its way while the electorate is expanded.
    const [other] = await bench.db.sql.query<{ id: string }>(
      `WITH p AS (INSERT INTO person DEFAULT VALUES RETURNING id)
       INSERT INTO platform_identity (person_id, platform, external_id, chat_id)
       SELECT id, 'TELEGRAM', 'someone-else', 'someone-else' FROM p RETURNING person_id AS id`,
    );
    await bench.db.sql.exec('ANALYZE');
    const closesAt = new Date(bench.clock.now().getTime() + 7 * DAY);
    const opened = await measure(async () =>
      unwrap(await bench.core.openVote(mediatorActor('bench'), { mediationId, closesAt })),
    );
    await bench.db.sql.query(
      `INSERT INTO outbox_message (dedup_key, person_id, kind, payload, next_attempt_at, created_at)
       VALUES ('bench:other', $1::uuid, 'broadcast', '{"textKey":"mediator:notify.broadcast"}', $2, $2)`,
      [other?.id, bench.clock.now()],
    );
    // Deliveries answer at once and are not paced here (the virtual clock jumps to each slot): what is
    // measured is the database's work, pass after pass, until every elector has their row.
    const delivered: string[] = [];
    const channel = {
      platform: 'TELEGRAM' as const,
      deliver: async (message: { chatId: string }) => {
        delivered.push(message.chatId);
        return { status: 'sent' as const };
      },
    };
    const options = {
      instanceId: 'bench',
      batchSize: 50,
      leaseSeconds: 60,
      sleep: async (ms: number) => bench.clock.advance(ms),
    };
    const passes: number[] = [];
    let otherWentOutAfterMs: number | undefined;
    const started = performance.now();
    const { ms, peakRssMb } = await measure(async () => {
      for (;;) {
        const pass = performance.now();
        const report = await dispatchOnce(bench.core.deps, { people: [channel] }, options);
        passes.push(performance.now() - pass);
        if (otherWentOutAfterMs === undefined && delivered.includes('someone-else'))
          otherWentOutAfterMs = performance.now() - started;
        if (report.groupsExpanded > 0) break;
      }
    });
    const [rows] = await bench.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_message WHERE bulk`,
    );
    return {
      electors,
      openVoteMs: round(opened.ms),
      expansionMs: round(ms),
      peoplePerSecond: Math.round((electors / ms) * 1000),
      rowsWritten: rows?.n,
      passes: passes.length,
      longestPassMs: round(Math.max(...passes)),
      otherWentOutAfterMs: otherWentOutAfterMs === undefined ? null : round(otherWentOutAfterMs),
      deliveredMeanwhile: delivered.length,
      peakRssMb,
    };
  } finally {
    await bench.drop();
  }
}
