import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { DAY } from '../../core/clock/clock.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { bulkNegotiation, castBulkBallots, freshBenchDatabase, percentile, round } from '../support.ts';

const serverScript = new URL('../processes/web-server.ts', import.meta.url).pathname;

/**
 * The public web site under load (issue 14): the catalogue (the five demo mediations) and the results
 * page of a closed 100,000-ballot vote — its first page of receipts and one in the middle of the list —
 * served by a process of its own, with autocannon as the load generator (10 connections, 10 s each).
 * Figures: the median and p99 latency of a request, and the requests per second. The sealed CSV of the
 * 100,000 ballots is also downloaded a few times (median time). No target was set by the issue; the
 * README records what was measured and what the machine was doing.
 */
export async function webPagesScenario(ballots = 100_000) {
  const bench = await freshBenchDatabase();
  const server = spawn(process.execPath, ['--import', 'tsx', serverScript], {
    env: { ...process.env, BENCH_DATABASE: bench.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await seedDemoData(bench.db, bench.clock);
    const { mediationId } = await bulkNegotiation(bench.db, ballots, 'bench-vote');
    await bench.db.sql.query(
      `UPDATE mediation SET news_public_since = now(), news_public_agreement = 'bench' WHERE id = $1`,
      [mediationId],
    );
    const mediator = mediatorActor('bench');
    const closesAt = new Date(bench.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await bench.core.openVote(mediator, { mediationId, closesAt }));
    await castBulkBallots(bench.db, voteId);
    bench.clock.set(closesAt);
    unwrap(await bench.core.closeVote(mediator, { voteId }));
    // The ballots are gone after the close (secrecy): a receipt in the middle of the published list.
    const [middle] = await bench.db.sql.query<{ receipt: string }>(
      `SELECT split_part(split_part(body, E'\n', $2), ',', 1) AS receipt FROM published_list WHERE vote_id = $1`,
      [voteId, Math.floor(ballots / 2)],
    );

    const [line] = (await once(server.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    const port = /^ready (\d+)/.exec(line.toString())?.[1];
    if (!port) throw new Error('the web server did not start');
    const origin = `http://127.0.0.1:${port}`;
    const results = `/fr/mediations/bench-vote/votes/1`;
    const pages = {
      catalogue: '/fr/',
      resultsFirstPage: results,
      resultsMiddlePage: `${results}?after=${middle?.receipt}`,
    };
    const figures: Record<string, object> = {};
    for (const [name, path] of Object.entries(pages)) figures[name] = await load(`${origin}${path}`);
    figures.csvDownload = await downloads(`${origin}${results}/receipts.csv`, 5);
    return { scenario: 'web-pages', ballots, connections: 10, secondsPerPage: 10, ...figures };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
    await bench.drop();
  }
}

/** A warm-up, then 10 s of requests from 10 connections: latency median and p99, requests per second. */
async function load(url: string) {
  await autocannon({ url, connections: 2, duration: 1 });
  const result = await autocannon({ url, connections: 10, duration: 10 });
  const bytes = await (await fetch(url)).arrayBuffer();
  return {
    medianMs: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: round(result.requests.average),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    pageKb: round(bytes.byteLength / 1024),
  };
}

/** The whole list downloaded `times` times, one after the other: the median and slowest time. */
async function downloads(url: string, times: number) {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(url);
    size = (await response.arrayBuffer()).byteLength;
    if (!response.ok) throw new Error(`download failed: ${response.status}`);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: round(percentile(ms, 50)), maxMs: round(ms.at(-1) ?? 0), sizeKb: round(size / 1024) };
}
