import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * `npm run bench`: runs each scenario in its own process (so peak memory is that scenario's own), prints
 * the figures as JSON and adds them to bench/results/<day>.json. Naming scenarios
 * (`npm run bench -- outbox-broadcast`) runs only those; every run of the day is kept, each with the
 * time it ended, so three runs of a scenario are three entries side by side. Needs the
 * PostgreSQL server (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 *
 * The machine's load average is recorded before and after each scenario: on a shared 2-core machine a
 * figure means little without it.
 */
const allScenarios = [
  'close-vote',
  'cast-ballot',
  'telegram-updates',
  'outbox-broadcast',
  'group-expansion',
  'web-pages',
  'start-up',
  'audit-writes',
];
const named = process.argv.slice(2);
const scenarios = named.length > 0 ? named : allScenarios;

type Result = { scenario: string; [figure: string]: unknown };

const load = () => loadavg().map((average) => Math.round(average * 100) / 100);

const results: Result[] = scenarios.map((name) => {
  const loadBefore = load();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL('./scenario.ts', import.meta.url).pathname, name],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`scenario ${name} failed`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Result;
  const withLoad = {
    ...result,
    at: new Date().toISOString(),
    machineLoad: { before: loadBefore, after: load() },
  };
  console.log(JSON.stringify(withLoad));
  return withLoad;
});

const at = new Date().toISOString();
const file = new URL(`./results/${at.slice(0, 10)}.json`, import.meta.url);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const earlier: Result[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).results : [];
const report = {
  at,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  results: [...earlier, ...results],
};
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`saved ${file.pathname}`);
