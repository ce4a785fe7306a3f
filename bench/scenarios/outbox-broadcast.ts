import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { startSlidingWindowBotApi } from '../../test/support/sliding-window-bot-api.ts';
import { addTelegramAccounts, bulkNegotiation, freshBenchDatabase, round } from '../support.ts';

const TARGETS = { shareOfLimit: 0.95, refused: 0, duplicates: 0, lost: 0, busiestWindow: 30 };
const instanceScript = new URL('../processes/outbox-instance.ts', import.meta.url).pathname;

/**
 * A mediator's broadcast to 10,000 people on Telegram, delivered by one then by two instances of the
 * outbox, each a process of its own (its pool, the database's clock, telegraf), through a Bot API as
 * strict as Telegram's published limits: a 429 whenever more than 30 messages would fall within one
 * second (or two within a second in one chat). Measured at the fake, where the limits are counted: the
 * rate from the first message to the last as a share of 30/s, the 429s, the duplicates and the lost.
 * Issue 11's targets: ≥ 95 % of 30/s, no 429, each person once.
 */
export async function outboxBroadcastScenario(people = 10_000) {
  const runs = [];
  for (const instances of [1, 2]) runs.push(await broadcast(people, instances));
  const meets = runs.every(
    (run) =>
      run.shareOfLimit >= TARGETS.shareOfLimit &&
      run.refused === TARGETS.refused &&
      run.duplicates === TARGETS.duplicates &&
      run.lost === TARGETS.lost &&
      run.busiestWindow <= TARGETS.busiestWindow,
  );
  return {
    scenario: 'outboxBroadcast',
    people,
    limit: '30/s, 1/s per chat',
    runs,
    targets: TARGETS,
    meetsTargets: meets,
  };
}

async function broadcast(people: number, instances: number) {
  const bench = await freshBenchDatabase();
  const telegram = await startSlidingWindowBotApi();
  const children: ChildProcess[] = [];
  try {
    const { mediationId } = await bulkNegotiation(bench.db, people, `broadcast-${instances}`);
    await addTelegramAccounts(bench.db, mediationId);
    await bench.db.sql.exec('ANALYZE');
    unwrap(
      await bench.core.broadcastMessage(mediatorActor('bench'), { mediationId, message: 'Bonjour à tous' }),
    );
    for (let i = 0; i < instances; i++) children.push(await startInstance(bench.url, telegram.apiRoot, i));
    const started = performance.now();
    const deadline = started + (people / 10) * 1000;
    for (;;) {
      const [row] = await bench.db.sql.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox_message WHERE status = 'PENDING'`,
      );
      if (row?.pending === 0 || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(children.map(stopInstance));
    children.length = 0;
    const expected = Array.from({ length: people }, (_, i) => `tg-${i + 1}`);
    const summary = telegram.side.summary(expected);
    return {
      instances,
      seconds: round(seconds),
      perSecond: round(summary.perSecond, 2),
      shareOfLimit: round(summary.perSecond / 30, 3),
      refused: summary.refused,
      duplicates: summary.duplicates,
      lost: summary.lost,
      busiestWindow: summary.busiestWindow,
      busiestChatWindow: summary.busiestChatWindow,
    };
  } finally {
    await Promise.all(children.map(stopInstance));
    await telegram.stop();
    await bench.drop();
  }
}

async function startInstance(databaseUrl: string, apiRoot: string, n: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', instanceScript], {
    env: {
      ...process.env,
      BENCH_DATABASE: databaseUrl,
      BENCH_API_ROOT: apiRoot,
      BENCH_INSTANCE: `bench-${n}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  if (!line.toString().startsWith('ready')) throw new Error(`instance ${n} did not start`);
  return child;
}

async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
