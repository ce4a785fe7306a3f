import { safeErrorSummary } from '../commands/command.ts';
import type { NotificationGroup } from '../commands/context.ts';
import type { Tx } from '../db/connect.ts';
import type { CoreDeps } from '../deps.ts';
import { partiesSql } from '../mediations/audience.ts';

/** People reached per transaction: a few thousand rows keep each transaction well under a second. */
const CHUNK_SIZE = 5000;
/** A group whose expansion failed is tried again after this, so it never holds the others back. */
const RETRY_AFTER_MS = 60_000;
/**
 * No new chunk is started after this much expansion in one call: the dispatcher expands before it
 * delivers, so this is about the longest a pass keeps the other notifications waiting. A group of
 * 1,000,000 then expands over a few hundred passes, far ahead of its own delivery (30/s on Telegram).
 */
const BUDGET_MS = 1000;

/**
 * A notification for a whole group is written as one outbox row by the command that causes it (so a
 * vote of 100,000 electors still closes in one short transaction) and expanded here into one row per
 * person, each with its own dedup key `<group key>:<personId>`. A group of any size is expanded in
 * chunks along the group's index (see membersOf), each chunk its own short transaction that also records
 * how far it got (`expanded_through`), so an interrupted expansion resumes where it stopped; the last chunk marks the
 * group row SENT. The dedup keys make any repetition harmless: nobody is notified twice. The rows are
 * `bulk`: individual notifications that are due go before them (leases.ts), whatever the group's size.
 * At most `limit` chunks, and none started after `budgetMs`. Returns the number of groups finished.
 */
export async function expandGroupNotifications(
  deps: CoreDeps,
  { limit = 10, chunkSize = CHUNK_SIZE, budgetMs = BUDGET_MS } = {},
): Promise<number> {
  const started = performance.now();
  let finished = 0;
  // Most passes find no group: a plain read says so, without a transaction.
  const [due] = await deps.db.sql.query(
    `SELECT 1 FROM outbox_message
     WHERE status = 'PENDING' AND NOT bulk AND audience = 'group' AND next_attempt_at <= $1 LIMIT 1`,
    [deps.clock.now()],
  );
  if (!due) return 0;
  for (let i = 0; i < limit && performance.now() - started < budgetMs; i++) {
    let groupId: string | undefined;
    try {
      const step = await deps.db.prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<
          { id: string; payload: { group: NotificationGroup }; expanded_through: string | null }[]
        >`
          SELECT id, payload, expanded_through FROM outbox_message
          WHERE audience = 'group' AND status = 'PENDING' AND NOT bulk AND next_attempt_at <= ${deps.clock.now()}
          ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!row) return 'none' as const;
        groupId = row.id;
        const now = deps.clock.now();
        const last = await insertMemberRows(tx, row, chunkSize, now);
        await tx.outboxMessage.update({
          where: { id: row.id },
          data: last ? { expandedThrough: last } : { status: 'SENT', sentAt: now },
        });
        return last ? ('more' as const) : ('finished' as const);
      });
      if (step === 'none') break;
      if (step === 'finished') finished++;
    } catch (error) {
      if (!groupId) throw error;
      // This group only: it is tried again later, and the next ones are expanded meanwhile.
      deps.logger.error({ outboxId: groupId, err: safeErrorSummary(error) }, 'group not expanded');
      await deps.db.prisma.outboxMessage.update({
        where: { id: groupId },
        data: {
          attempts: { increment: 1 },
          nextAttemptAt: new Date(deps.clock.now().getTime() + RETRY_AFTER_MS),
          lastError: safeErrorSummary(error),
        },
      });
    }
  }
  return finished;
}

/**
 * One chunk: the next `chunkSize` members after the group's cursor get their row. Returns the cursor
 * reached when there may be more, undefined when this chunk was the end of the group.
 */
async function insertMemberRows(
  tx: Tx,
  group: { id: string; payload: { group: NotificationGroup }; expanded_through: string | null },
  chunkSize: number,
  now: Date,
): Promise<string | undefined> {
  const members = membersOf(group.payload.group);
  const [chunk] = await tx.$queryRawUnsafe<{ reached: number; last: string | null }[]>(
    `WITH keys AS MATERIALIZED (${members.keys}),
     written AS (
       INSERT INTO outbox_message (dedup_key, person_id, audience, kind, payload, next_attempt_at, created_at, bulk)
       SELECT g.dedup_key || ':' || m.person_id, m.person_id, 'person', g.kind, g.payload - 'group', $2, $2, true
       FROM outbox_message g, (${members.people}) m
       WHERE g.id = $1::uuid
       ON CONFLICT (dedup_key) DO NOTHING)
     SELECT count(*)::int AS reached, max(key::text) AS last FROM keys`,
    group.id,
    now,
    members.subjectId,
    group.expanded_through,
    chunkSize,
  );
  return chunk && chunk.reached === chunkSize && chunk.last ? chunk.last : undefined;
}

/**
 * Each group in two steps. `keys`: the next chunk of the group over its subject ($3), after the cursor
 * ($4), at most $5 — a short walk along the group's own index (the electorate's primary key, the
 * participants' unique (mediation, person)) wherever the cursor stands. `people`: those keys' people,
 * found by primary key. Joining in one step let PostgreSQL merge-join from the start of the other table
 * at every chunk, so the 1,000,000th elector cost as much as the whole group; so does any join it may
 * choose to hash over the whole table. Each person appears once
 * in a group: nothing to de-duplicate. Erased people get no row, but count in the walk (the cursor
 * moves past them).
 */
function membersOf(group: NotificationGroup): { keys: string; people: string; subjectId: string } {
  const after = (key: string) => `($4::uuid IS NULL OR ${key} > $4::uuid) ORDER BY ${key} LIMIT $5`;
  // Looked up key by key (LIMIT 1 keeps PostgreSQL from turning the lookup into a join it may hash over
  // the whole table at every chunk: 5 s a chunk at 1,000,000 electors).
  const electors = `SELECT k.key, p.person_id FROM keys k CROSS JOIN LATERAL (
      SELECT p.person_id FROM participant p JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL
      WHERE p.id = k.key LIMIT 1) p`;
  switch (group.group) {
    case 'electorate':
      return {
        subjectId: group.voteId,
        keys: `SELECT em.participant_id AS key FROM electorate_member em
               WHERE em.vote_id = $3::uuid AND em.left_at IS NULL AND ${after('em.participant_id')}`,
        people: electors,
      };
    case 'nonVoters':
      return {
        subjectId: group.voteId,
        // A reminder is never sent after closing, even if the close came between the clock and now.
        keys: `SELECT em.participant_id AS key FROM electorate_member em
               JOIN vote v ON v.id = em.vote_id AND v.closed_at IS NULL
               WHERE em.vote_id = $3::uuid AND em.left_at IS NULL AND NOT em.has_voted
                 AND ${after('em.participant_id')}`,
        people: electors,
      };
    case 'participants':
      // Everyone still in the mediation: admitted, or waiting for a decision on their file.
      return {
        subjectId: group.mediationId,
        keys: `SELECT p.person_id AS key FROM participant p
               WHERE p.mediation_id = $3::uuid AND p.status IN (${partiesSql}) AND ${after('p.person_id')}`,
        people: `SELECT k.key, pe.person_id FROM keys k CROSS JOIN LATERAL (
            SELECT pe.id AS person_id FROM person pe WHERE pe.id = k.key AND pe.erased_at IS NULL LIMIT 1) pe`,
      };
  }
}
