import pg from 'pg';
import { entryBody } from '../../core/audit/hash-chain.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { LIST_HEADER, PUBLISH_LIST_SQL, type PublishedTally } from '../../core/votes/published-list.ts';
import { type Counts, decide, type VoteRule } from '../../core/votes/tally.ts';
import {
  adminQuery,
  type BenchDatabase,
  bulkNegotiation,
  castBulkBallots,
  copyBenchDatabase,
  freshBenchDatabase,
  measure,
  round,
} from '../support.ts';

/** Issue 16: the close of 1,000,000 ballots costs at most 1.5 × the raw SQL, and Node grows < 50 MB. */
const TARGET_RATIO = 1.5;
const TARGET_RSS_GROWTH_MB = 50;

/**
 * Closing one vote of 10,000, 100,000 and 1,000,000 ballots, next to a raw-SQL baseline doing the same
 * work. For each size one database is filled (a mediation, its offer, the vote, a ballot per elector as
 * castBallot leaves them, and a small vote closed first as a warm-up), then copied byte for byte four
 * times: the product closes the vote in two copies (`closeVote`), the baseline in the two others,
 * sending the same statements straight through `pg` in one transaction. All must publish the very same
 * list (same digest). A CHECKPOINT before each close, so none pays for another's dirty pages.
 *
 * The tally, the list and its digest are the database's work (one sort of the ballots), never Node's:
 * Node's resident memory is sampled during each close (`measure`) and must stay flat whatever the size.
 * PostgreSQL only, like every scenario here: the figures are for a server, and PGlite (the
 * embedded default) runs in this very process, so its memory would be counted as Node's.
 */
export async function closeVoteScenario(sizes = [10_000, 100_000, 1_000_000]) {
  const results = [];
  for (const ballots of sizes) results.push(await sideBySide(ballots));
  const largest = results.at(-1);
  return {
    scenario: 'closeVote',
    results,
    targetRatio: TARGET_RATIO,
    targetRssGrowthMb: TARGET_RSS_GROWTH_MB,
    meetsTarget:
      largest !== undefined && largest.ratio <= TARGET_RATIO && largest.rssGrowthMb < TARGET_RSS_GROWTH_MB,
  };
}

interface Prepared {
  voteId: string;
  warmUpVoteId: string;
  closesAt: Date;
}

async function sideBySide(ballots: number) {
  const started = performance.now();
  const template = await freshBenchDatabase();
  let prepared: Prepared;
  try {
    prepared = await fill(template, ballots);
    await template.close();
  } catch (error) {
    await template.drop();
    throw error;
  }
  const setUpSeconds = round((performance.now() - started) / 1000);
  const product: Closed[] = [];
  const raw: Closed[] = [];
  try {
    // Product, raw, raw, product: on a shared machine whose load drifts, each side gets an early and a
    // late turn, and its mean is compared.
    for (const turn of ['product', 'raw', 'raw', 'product'] as const) {
      const copy = await copyBenchDatabase(template);
      try {
        if (turn === 'product') product.push(await productClose(copy, prepared));
        else raw.push(await rawClose(copy, prepared));
      } finally {
        await copy.drop();
      }
    }
  } finally {
    await template.drop();
  }
  const digests = new Set([...product, ...raw].map((closed) => closed.sha256));
  if (digests.size !== 1) throw new Error('the product and the raw SQL published different lists');
  const productMs = mean(product.map((closed) => closed.ms));
  const rawMs = mean(raw.map((closed) => closed.ms));
  const first = product[0] as Closed;
  return {
    ballots,
    outcome: first.outcome,
    counts: first.counts,
    productMs,
    rawMs,
    ratio: round(productMs / rawMs, 2),
    productRuns: product.map((closed) => closed.ms),
    rawRuns: raw.map((closed) => closed.ms),
    rssGrowthMb: Math.max(...product.map((closed) => closed.rss.growthMb)),
    product: product.map((closed) => closed.rss),
    raw: raw.map((closed) => closed.rss),
    setUpSeconds,
  };
}

const mean = (values: number[]) => round(values.reduce((sum, v) => sum + v, 0) / values.length);

interface Closed {
  ms: number;
  sha256: string | undefined;
  outcome?: string;
  counts?: Counts;
  rss: { beforeMb: number; afterMb: number; peakMb: number; growthMb: number };
}

/** The vote to close, with its ballots, and a small vote to close first, unmeasured. */
async function fill(bench: BenchDatabase, ballots: number): Promise<Prepared> {
  const mediator = mediatorActor('bench');
  const closesAt = new Date(bench.clock.now().getTime() + 7 * DAY);
  const warmUp = await bulkNegotiation(bench.db, 10, 'warm-up');
  const small = unwrap(await bench.core.openVote(mediator, { mediationId: warmUp.mediationId, closesAt }));
  const { mediationId } = await bulkNegotiation(bench.db, ballots);
  const { voteId } = unwrap(await bench.core.openVote(mediator, { mediationId, closesAt }));
  await castBulkBallots(bench.db, voteId);
  return { voteId, warmUpVoteId: small.voteId, closesAt };
}

/** Node's resident memory (MB) before, after and at its highest during a close. */
async function sampled<T>(work: () => Promise<T>) {
  const beforeMb = round(process.memoryUsage.rss() / 2 ** 20);
  const { value, ms, peakRssMb } = await measure(work);
  const afterMb = round(process.memoryUsage.rss() / 2 ** 20);
  return {
    value,
    ms: round(ms),
    rss: { beforeMb, afterMb, peakMb: peakRssMb, growthMb: round(peakRssMb - beforeMb) },
  };
}

async function productClose(bench: BenchDatabase, prepared: Prepared): Promise<Closed> {
  const mediator = mediatorActor('bench');
  bench.clock.set(prepared.closesAt);
  // A running server has already compiled its queries and opened its connections.
  unwrap(await bench.core.closeVote(mediator, { voteId: prepared.warmUpVoteId }));
  await adminQuery('CHECKPOINT');
  const { value, ms, rss } = await sampled(async () =>
    unwrap(await bench.core.closeVote(mediator, { voteId: prepared.voteId })),
  );
  const [list] = await bench.db.sql.query<{ sha256: string }>(
    'SELECT results_sha256 AS sha256 FROM vote WHERE id = $1',
    [prepared.voteId],
  );
  return { outcome: value.outcome, counts: value.counts, sha256: list?.sha256, ms, rss };
}

async function rawClose(bench: BenchDatabase, prepared: Prepared): Promise<Closed> {
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  try {
    await rawCloseVote(client, prepared.warmUpVoteId, prepared.closesAt);
    await adminQuery('CHECKPOINT');
    const { value, ms, rss } = await sampled(() => rawCloseVote(client, prepared.voteId, prepared.closesAt));
    return { sha256: value, ms, rss };
  } finally {
    await client.end();
  }
}

type VoteRow = VoteRule & { mediationId: string; offerId: string; round: number; status: string };

/**
 * What `closeVote` sends, written by hand and sent through `pg`, prepared as the product's statements
 * are: the vote and its mediation locked and read, the list written, counted and hashed (the very
 * PUBLISH_LIST_SQL), the ballots deleted, the electorate counted, vote, offer and mediation updated,
 * the vote's clocks cancelled and its pending reminders dropped, the audit-head timer set, the three
 * notifications queued and the two audit entries appended. Returns the list's digest.
 */
async function rawCloseVote(client: pg.Client, voteId: string, now: Date): Promise<string> {
  const q = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    client.query<R>({ name, text, values });
  await client.query('BEGIN');
  try {
    await q('raw-lock-vote', 'SELECT id FROM vote WHERE id = $1::uuid FOR UPDATE', [voteId]);
    const { rows: votes } = await q<VoteRow>(
      'raw-read-vote',
      `SELECT v.vote_base AS "voteBase", v.threshold_numerator AS "thresholdNumerator",
         v.threshold_denominator AS "thresholdDenominator", v.quorum_numerator AS "quorumNumerator",
         v.quorum_denominator AS "quorumDenominator", o.mediation_id AS "mediationId", o.id AS "offerId",
         o.round, m.status
       FROM vote v JOIN offer o ON o.id = v.offer_id JOIN mediation m ON m.id = o.mediation_id
       WHERE v.id = $1::uuid AND v.closed_at IS NULL FOR UPDATE OF v`,
      [voteId],
    );
    const vote = votes[0];
    if (!vote) throw new Error('no open vote');
    const { rows: tallies } = await q<PublishedTally>('raw-publish', PUBLISH_LIST_SQL, [voteId, LIST_HEADER]);
    await q('raw-delete-ballots', 'DELETE FROM ballot WHERE vote_id = $1::uuid', [voteId]);
    const { rows: electorate } = await q<{ n: number }>(
      'raw-electorate',
      'SELECT count(*)::int AS n FROM electorate_member WHERE vote_id = $1::uuid AND left_at IS NULL',
      [voteId],
    );
    const tally = tallies[0] as PublishedTally;
    const counts: Counts = {
      electorate: electorate[0]?.n ?? 0,
      accept: tally.accept,
      refuse: tally.refuse,
      abstain: tally.abstain,
    };
    const decision = decide(vote, counts);
    const outcome = decision.accepted ? 'ACCEPTED' : 'REJECTED';
    await q(
      'raw-update-vote',
      `UPDATE vote SET closed_at = $2, outcome = $3::"VoteOutcome", electorate_size = $4, accept_count = $5,
         refuse_count = $6, abstain_count = $7, results_sha256 = $8 WHERE id = $1::uuid`,
      [voteId, now, outcome, counts.electorate, counts.accept, counts.refuse, counts.abstain, tally.sha256],
    );
    await q('raw-update-offer', `UPDATE offer SET status = $2::"OfferStatus" WHERE id = $1::uuid`, [
      vote.offerId,
      outcome,
    ]);
    await q('raw-lock-mediation', 'SELECT id FROM mediation WHERE id = $1::uuid FOR UPDATE', [
      vote.mediationId,
    ]);
    await q(
      'raw-move-mediation',
      `UPDATE mediation SET status = $2::"MediationStatus", updated_at = $3 WHERE id = $1::uuid`,
      [vote.mediationId, outcome, now],
    );
    await q(
      'raw-cancel-clocks',
      `UPDATE timer SET cancelled_at = $2 WHERE subject_id = $1::uuid
         AND kind IN ('voteClose', 'voteReminder72h', 'voteReminder24h') AND fired_at IS NULL`,
      [voteId, now],
    );
    await q(
      'raw-drop-reminders',
      `DELETE FROM outbox_message
       WHERE kind = 'voteReminder' AND status = 'PENDING' AND payload -> 'refs' ->> 'voteId' = $1`,
      [voteId],
    );
    await q(
      'raw-head-timer',
      `INSERT INTO timer (kind, subject_id, due_at) VALUES ('auditHeadAfterVote', $1::uuid, $2)
       ON CONFLICT (kind, subject_id) DO UPDATE SET due_at = EXCLUDED.due_at, cancelled_at = NULL
       WHERE timer.fired_at IS NULL`,
      [voteId, now],
    );
    const { rows: mediations } = await q<{ title_fr: string; title_en: string }>(
      'raw-read-mediation',
      'SELECT title_fr, title_en, slug, news_public_since FROM mediation WHERE id = $1::uuid',
      [vote.mediationId],
    );
    const title = { fr: mediations[0]?.title_fr, en: mediations[0]?.title_en };
    const params = { title, round: vote.round, outcome, resultsSha256: tally.sha256, ...counts };
    const refs = { voteId, mediationId: vote.mediationId };
    const outbox = [
      ['group', `voteResult:${voteId}`, 'voteResult', { params, refs, group: 'participants' }],
      ['mediators', `voteClosed:${voteId}`, 'voteClosed', { params, refs }],
      ['public', `news:voteResult:${voteId}`, 'publicNews', { params, refs }],
    ];
    await q(
      'raw-outbox',
      `INSERT INTO outbox_message (audience, dedup_key, kind, payload, next_attempt_at, created_at)
       SELECT r->>0, r->>1, r->>2, r->3, $2, $2 FROM jsonb_array_elements($1::jsonb) r
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(outbox), now],
    );
    const entries = [
      {
        action: 'mediation.status',
        subjectId: vote.mediationId,
        details: { from: vote.status, to: outcome, round: vote.round },
      },
      {
        action: 'vote.closed',
        subjectId: voteId,
        details: { outcome, ...counts, quorumMet: decision.quorumMet, resultsSha256: tally.sha256 },
      },
    ].map((record) => {
      const fields = { at: now, actor: 'mediator:bench', mediationId: vote.mediationId, ...record };
      return { ...fields, at: now.toISOString(), body: entryBody(fields) };
    });
    await q('raw-audit', 'SELECT append_audit_entries($1::jsonb)', [JSON.stringify(entries)]);
    await client.query('COMMIT');
    return tally.sha256;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
