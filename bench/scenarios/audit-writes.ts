import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { entryBody } from '../../core/audit/hash-chain.ts';
import { listChainHeads } from '../../core/audit/roots.ts';
import { freshBenchDatabase, round } from '../support.ts';

const CLIENTS = 16;
const SECONDS = Number(process.env.BENCH_AUDIT_SECONDS ?? 5);
/** The two audited layouts alternate, so that a change in the machine's load weighs on both alike. */
const ROUNDS = 2;

/**
 * Audited writes, as every command ends: a small insert, the audit append, the commit, from 16
 * clients at once for a fixed time, with the same statements in three layouts:
 * - `oneChain`: all 16 clients write on one mediation, so on one chain: they queue on its lock, as
 *   every write of the platform did on the single chain before (issue 16: 562 tx/s, pgbench);
 * - `sixteenChains`: each client writes on a mediation of its own, so on a chain of its own;
 * - `noAudit`: the insert and commit alone, the ceiling of this machine for these clients.
 * Target (issue 16): `sixteenChains` ≥ 3 × `oneChain`. A chain's lock is held from the append to
 * the end of the commit, so one chain's ceiling is about 1 / (append + commit): the commit time of a
 * lone client (`commitMs`, mostly the WAL flush) is recorded beside the figures, since it moves with
 * what else the machine's disk is doing. Then the cost of finding every chain's head for a root
 * (roots.ts), on 200 chains of 1,000 entries, next to a scan of all the entries.
 */
export async function auditWritesScenario() {
  const bench = await freshBenchDatabase(4);
  const pool = new pg.Pool({ connectionString: bench.url, max: CLIENTS });
  // `end()` does not wait for each connection to close: the database's drop may still end one.
  pool.on('error', () => {});
  try {
    await bench.db.sql.exec(
      'CREATE TABLE bench_write (id BIGSERIAL PRIMARY KEY, mediation_id UUID NOT NULL, at TIMESTAMPTZ NOT NULL)',
    );
    const one = randomUUID();
    const sixteen = Array.from({ length: CLIENTS }, () => randomUUID());
    // Warm-up: every connection opened and every statement prepared before anything is timed.
    await run(pool, () => one, 1, true);
    const commitMs = await loneCommitMs(pool);
    const rounds: { oneChain: number; sixteenChains: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push({
        oneChain: await run(pool, () => one, SECONDS, true),
        sixteenChains: await run(pool, (client) => sixteen[client] ?? one, SECONDS, true),
      });
    }
    const mean = (pick: (r: (typeof rounds)[number]) => number) =>
      round(rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length);
    const oneChain = mean((r) => r.oneChain);
    const sixteenChains = mean((r) => r.sixteenChains);
    const noAudit = await run(pool, (client) => sixteen[client] ?? one, SECONDS, false);
    const verified = await bench.db.sql.query<{ chains: number }>(
      'SELECT count(DISTINCT chain)::int AS chains FROM audit_entry',
    );
    return {
      scenario: 'auditWrites',
      clients: CLIENTS,
      secondsPerLayout: SECONDS,
      txPerSecond: { oneChain, sixteenChains, noAudit },
      rounds,
      commitMs,
      clientCpuUsPerCommit: clientCpuUs,
      ratio: round(sixteenChains / oneChain, 2),
      ofNoAudit: round(sixteenChains / noAudit, 2),
      chainsWritten: verified[0]?.chains,
      target: 3,
      meetsTarget: sixteenChains >= 3 * oneChain,
      rootHeads: await headsCost(bench.db.sql, bench.db.prisma),
    };
  } finally {
    await pool.end();
    await bench.drop();
  }
}

/** Median time of a lone client's commit of one insert, over 50. */
async function loneCommitMs(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  const times: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      await client.query('BEGIN');
      await client.query('INSERT INTO bench_write (mediation_id, at) VALUES (gen_random_uuid(), now())');
      const started = performance.now();
      await client.query('COMMIT');
      times.push(performance.now() - started);
    }
  } finally {
    client.release();
  }
  return round(times.sort((a, b) => a - b)[25] ?? 0, 2);
}

/**
 * Each client commits audited writes for `seconds`; returns the commits per second of all, and keeps
 * this process's CPU time per commit (the clients' side of the cost) in `clientCpuUs`.
 */
const clientCpuUs: Record<string, number[]> = {};

async function run(
  pool: pg.Pool,
  mediationOf: (client: number) => string,
  seconds: number,
  audited: boolean,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const counts = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const connection = await pool.connect();
      let n = 0;
      try {
        while (performance.now() < until) {
          await auditedWrite(connection, mediationOf(client), audited);
          n += 1;
        }
      } finally {
        connection.release();
      }
      return n;
    }),
  );
  const total = counts.reduce((sum, n) => sum + n, 0);
  const used = process.cpuUsage(cpu);
  const layout = !audited ? 'noAudit' : mediationOf(0) === mediationOf(1) ? 'oneChain' : 'sixteenChains';
  clientCpuUs[layout] = [...(clientCpuUs[layout] ?? []), round((used.user + used.system) / total)];
  return round(total / ((performance.now() - started) / 1000));
}

async function auditedWrite(client: pg.PoolClient, mediationId: string, audited: boolean): Promise<void> {
  const at = new Date();
  await client.query('BEGIN');
  try {
    await client.query({
      name: 'bench-insert',
      text: 'INSERT INTO bench_write (mediation_id, at) VALUES ($1, $2)',
      values: [mediationId, at],
    });
    if (audited) {
      const fields = {
        at,
        actor: 'system:bench',
        action: 'bench.write',
        mediationId,
        subjectId: null,
        details: { n: 1 },
      };
      const entry = { ...fields, at: at.toISOString(), body: entryBody(fields) };
      await client.query({
        name: 'bench-audit',
        text: 'SELECT append_audit_entries($1::jsonb)',
        values: [JSON.stringify([entry])],
      });
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * The heads of every chain, as a root reads them (a loose index scan over (chain, position)), next to
 * `DISTINCT ON`, which reads every entry. On entries added in bulk, with placeholder hashes: only
 * the reading is measured. Median of 5.
 */
async function headsCost(
  sql: Awaited<ReturnType<typeof freshBenchDatabase>>['db']['sql'],
  prisma: Awaited<ReturnType<typeof freshBenchDatabase>>['db']['prisma'],
) {
  const chains = 200;
  const perChain = 1000;
  await sql.exec(`ALTER TABLE audit_entry DISABLE TRIGGER USER;
    INSERT INTO audit_entry (at, actor, action, mediation_id, details, prev_hash, hash, chain, position)
    SELECT now(), 'system:bench', 'bench.bulk', m.id, '{}', md5(m.id::text || (p - 1)), md5(m.id::text || p) || md5(p::text), m.id::text, p
    FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, ${chains})) m, generate_series(1, ${perChain}) p;
    ALTER TABLE audit_entry ENABLE TRIGGER USER;`);
  await sql.exec('VACUUM ANALYZE audit_entry');
  const median = async (work: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return round(times.sort((a, b) => a - b)[2] ?? 0, 2);
  };
  const heads = await listChainHeads(prisma);
  return {
    chains: heads.length,
    entries: heads.reduce((sum, head) => sum + Number(head.position), 0),
    looseIndexScanMs: await median(() => listChainHeads(prisma)),
    distinctOnScanMs: await median(() =>
      sql.query(
        'SELECT DISTINCT ON (chain) chain, position, hash FROM audit_entry ORDER BY chain, position DESC',
      ),
    ),
  };
}
