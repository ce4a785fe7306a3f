import { auditWritesScenario } from './scenarios/audit-writes.ts';
import { castBallotScenario } from './scenarios/cast-ballot.ts';
import { closeVoteScenario } from './scenarios/close-vote.ts';
import { groupExpansionScenario } from './scenarios/group-expansion.ts';
import { outboxBroadcastScenario } from './scenarios/outbox-broadcast.ts';
import { startUpScenario } from './scenarios/start-up.ts';
import { telegramUpdatesScenario } from './scenarios/telegram-updates.ts';
import { webPagesScenario } from './scenarios/web-pages.ts';

/** One scenario, in its own process; prints its figures as the last line of JSON. */
const scenarios: Record<string, () => Promise<object>> = {
  'close-vote': () =>
    closeVoteScenario(process.env.BENCH_BALLOTS?.split(',').map(Number) ?? [10_000, 100_000, 1_000_000]),
  'cast-ballot': () => castBallotScenario(),
  'telegram-updates': () => telegramUpdatesScenario(),
  'group-expansion': () =>
    groupExpansionScenario(process.env.BENCH_ELECTORS?.split(',').map(Number) ?? [100_000, 1_000_000]),
  'outbox-broadcast': () => outboxBroadcastScenario(Number(process.env.BENCH_PEOPLE ?? 10_000)),
  'web-pages': () => webPagesScenario(),
  'start-up': () => startUpScenario(),
  'audit-writes': () => auditWritesScenario(),
};

const name = process.argv[2] ?? '';
const run = scenarios[name];
if (!run) {
  console.error(`unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(await run()));
