import pg from 'pg';
import { entryBody } from '../../core/audit/hash-chain.ts';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { newReceiptCode } from '../../core/votes/receipt.ts';
import { type BenchDatabase, bulkNegotiation, freshBenchDatabase, round } from '../support.ts';

const VOTERS = 16;
const BALLOTS_PER_VOTER = 250;

interface Elector {
  personId: string;
  participantId: string;
}

/**
 * castBallot throughput with 16 concurrent voters on one mediation, next to a raw-SQL baseline that
 * runs the same statements (elector lock, ballot + link insert, turnout flag, audit entry) straight
 * through `pg`, in the same run. Target (issue 16): the core reaches at least 80 % of the baseline.
 */
export async function castBallotScenario() {
  const core = await timed('core', async (bench, voteId, electors) => {
    await inParallel(electors, async (e) => {
      unwrap(await bench.core.castBallot(personActor(e.personId), { voteId, choice: 'ACCEPT' }));
    });
  });
  const raw = await timed('raw', async (bench, voteId, electors) => {
    const pool = new pg.Pool({ connectionString: bench.url, max: VOTERS });
    // `end()` does not wait for each connection to close: the database's drop may still end one.
    pool.on('error', () => {});
    try {
      await inParallel(electors, (e) => rawCastBallot(pool, voteId, e));
    } finally {
      await pool.end();
    }
  });
  return {
    scenario: 'castBallot',
    concurrentVoters: VOTERS,
    ballots: VOTERS * BALLOTS_PER_VOTER,
    coreBallotsPerSecond: core.perSecond,
    rawSqlBallotsPerSecond: raw.perSecond,
    ratio: round(core.perSecond / raw.perSecond, 2),
    target: 0.8,
    meetsTarget: core.perSecond >= 0.8 * raw.perSecond,
  };
}

async function timed(
  _label: string,
  cast: (bench: BenchDatabase, voteId: string, electors: Elector[]) => Promise<void>,
): Promise<{ perSecond: number }> {
  const bench = await freshBenchDatabase(VOTERS + 4);
  try {
    const total = VOTERS * BALLOTS_PER_VOTER;
    const { mediationId } = await bulkNegotiation(bench.db, total);
    const closesAt = new Date(bench.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await bench.core.openVote(mediatorActor('bench'), { mediationId, closesAt }));
    const electors = await bench.db.sql.query<Elector>(
      `SELECT p.person_id AS "personId", p.id AS "participantId" FROM electorate_member em
       JOIN participant p ON p.id = em.participant_id WHERE em.vote_id = $1`,
      [voteId],
    );
    const started = performance.now();
    await cast(bench, voteId, electors);
    const seconds = (performance.now() - started) / 1000;
    const [{ n } = { n: 0 }] = await bench.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ballot WHERE vote_id = $1',
      [voteId],
    );
    if (n !== total) throw new Error(`expected ${total} ballots, found ${n}`);
    return { perSecond: round(total / seconds) };
  } finally {
    await bench.drop();
  }
}

/** 16 voters, each casting the ballots of its own slice of the electorate one after another. */
async function inParallel(electors: Elector[], cast: (e: Elector) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: VOTERS }, async (_, voter) => {
      for (let i = voter; i < electors.length; i += VOTERS) await cast(electors[i] as Elector);
    }),
  );
}

/**
 * The statements castBallot runs for a first ballot, sent straight through `pg`, prepared once per
 * connection as the product's are.
 */
async function rawCastBallot(pool: pg.Pool, voteId: string, elector: Elector): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await named(
      client,
      'raw-elector',
      `SELECT em.participant_id, em.left_at, v.closed_at, v.closes_at, o.mediation_id
       FROM electorate_member em JOIN vote v ON v.id = em.vote_id JOIN offer o ON o.id = v.offer_id
       WHERE em.vote_id = $1 AND em.participant_id IN (SELECT id FROM participant WHERE person_id = $2)
       FOR UPDATE OF em FOR SHARE OF v`,
      [voteId, elector.personId],
    );
    await named(
      client,
      'raw-current',
      `SELECT choice, receipt_code FROM ballot WHERE vote_id = $1 AND participant_id = $2`,
      [voteId, elector.participantId],
    );
    await named(
      client,
      'raw-insert',
      `WITH nb AS (INSERT INTO ballot (vote_id, participant_id, choice, receipt_code) VALUES ($1, $2, 'ACCEPT', $3))
       UPDATE electorate_member SET has_voted = true WHERE vote_id = $1 AND participant_id = $2`,
      [voteId, elector.participantId, newReceiptCode()],
    );
    const fields = {
      at: new Date(),
      actor: `person:${elector.personId}`,
      action: 'ballot.cast',
      mediationId: rows[0]?.mediation_id ?? null,
      subjectId: voteId,
      details: {},
    };
    const entry = { ...fields, at: fields.at.toISOString(), body: entryBody(fields) };
    await named(client, 'raw-audit', 'SELECT append_audit_entries($1::jsonb)', [JSON.stringify([entry])]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function named(client: pg.PoolClient, name: string, text: string, values: unknown[]) {
  return client.query({ name, text, values });
}
