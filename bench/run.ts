import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * `npm run bench`: runs each scenario in its own process (so peak memory is that scenario's own), prints
 * the figures as JSON and saves them under bench/results/. Needs the PostgreSQL server
 * (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
const scenarios =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ['close-vote', 'cast-ballot', 'telegram-updates'];

const results = scenarios.map((name) => {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL('./scenario.ts', import.meta.url).pathname, name],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`scenario ${name} failed`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
  console.log(JSON.stringify(result));
  return result;
});

const report = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  results,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${report.at.slice(0, 10)}.json`, import.meta.url);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`saved ${file.pathname}`);
