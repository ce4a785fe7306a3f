import type { CoreDeps } from '../deps.ts';

/** An outbox row this process holds a lease on. */
export interface ClaimedRow {
  id: string;
  personId: string | null;
  audience: 'person' | 'mediators' | 'public';
  kind: string;
  payload: unknown;
  attempts: number;
  leasedUntil: Date;
  nextAttemptAt: Date;
  createdAt: Date;
  /**
   * The last holder marked it as being sent and never recorded the outcome (it died, or its database
   * went away): the platform may have it already. It is sent again, once, and says so in `last_error`.
   */
  interrupted: boolean;
  /** One of a group notification's many rows: goes after the individual ones. */
  bulk: boolean;
}

export interface ClaimOptions {
  instanceId: string;
  batchSize: number;
  leaseSeconds: number;
}

/** The note on a row sent again after its holder stopped in the middle of sending it. */
export const INTERRUPTED = 'interrupted while sending: sent again, may arrive twice';

/**
 * Leases up to `batchSize` due rows to this instance in one statement. `FOR UPDATE SKIP LOCKED` makes
 * concurrent claims take disjoint rows, and the lease keeps them this instance's until it expires: if the
 * process dies mid-delivery another instance takes the row over then. Group rows and news rows are
 * expanded elsewhere (fan-out.ts, public-news.ts); only news rows already made per platform are claimed.
 * A row taken over while still marked `sending_since` was being sent when its holder stopped: the try
 * is counted and noted, and the mark cleared (the new holder marks it again when it sends).
 */
export async function claimDueMessages(deps: CoreDeps, options: ClaimOptions): Promise<ClaimedRow[]> {
  const now = deps.clock.now();
  const leasedUntil = new Date(now.getTime() + options.leaseSeconds * 1000);
  // The batch is chosen once, in materialized CTEs: as `WHERE id IN (SELECT … LIMIT n SKIP LOCKED)`
  // PostgreSQL may run the subquery again for every row it updates (a prepared statement's generic plan
  // did), each run skipping the rows just locked, and one instance leased the whole outbox. Individual
  // notifications first, then the rows of group notifications (`bulk`) to fill the batch: a message to
  // one person never waits behind a broadcast to 100,000. Each part follows the index, in order.
  // Sent by the driver, prepared once per connection: a claim per batch, and its cost is time no message
  // goes out from this instance.
  const rows = await deps.db.sql.query<ClaimedRow>(
    `WITH own AS MATERIALIZED (
       SELECT id, sending_since IS NOT NULL AS interrupted FROM outbox_message
       WHERE status = 'PENDING' AND NOT bulk AND next_attempt_at <= $1
         AND (audience IN ('person', 'mediators') OR (audience = 'public' AND payload ->> 'platform' IS NOT NULL))
         AND (leased_until IS NULL OR leased_until <= $1)
       ORDER BY next_attempt_at, created_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED),
     many AS MATERIALIZED (
       SELECT id, sending_since IS NOT NULL AS interrupted FROM outbox_message
       WHERE status = 'PENDING' AND bulk AND next_attempt_at <= $1
         AND (leased_until IS NULL OR leased_until <= $1)
       ORDER BY next_attempt_at, created_at, id
       LIMIT $2 - (SELECT count(*) FROM own)
       FOR UPDATE SKIP LOCKED),
     batch AS (SELECT * FROM own UNION ALL SELECT * FROM many)
     UPDATE outbox_message o SET leased_until = $3, leased_by = $4, sending_since = NULL,
       attempts = o.attempts + CASE WHEN batch.interrupted THEN 1 ELSE 0 END,
       last_error = CASE WHEN batch.interrupted THEN $5 ELSE o.last_error END
     FROM batch WHERE o.id = batch.id
     RETURNING o.id, o.person_id AS "personId", o.audience, o.kind, o.payload, o.attempts,
       o.leased_until AS "leasedUntil", o.next_attempt_at AS "nextAttemptAt", o.created_at AS "createdAt",
       batch.interrupted, o.bulk`,
    [now, options.batchSize, leasedUntil, options.instanceId, INTERRUPTED],
  );
  return rows.sort(
    (a, b) =>
      Number(a.bulk) - Number(b.bulk) ||
      a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
}

/** Only the lease holder may put a row back or count a failed try: a late instance must not undo another's work. */
const stillMine = (row: ClaimedRow, instanceId: string) => ({
  id: row.id,
  status: 'PENDING' as const,
  leasedBy: instanceId,
});
/** Every outcome also clears the "being sent" mark: the try is over, whatever became of it. */
const released = { leasedUntil: null, leasedBy: null, sendingSince: null };

/**
 * Sent: recorded whoever holds the lease now, because the message did go (and is never sent again). The
 * note of an interrupted earlier try stays: this message may have arrived twice.
 */
export async function recordSent(deps: CoreDeps, row: ClaimedRow): Promise<boolean> {
  const rows = await deps.db.sql.query(
    `UPDATE outbox_message SET status = 'SENT', sent_at = $2, attempts = attempts + 1,
       last_error = CASE WHEN last_error = $3 THEN last_error END,
       leased_until = NULL, leased_by = NULL, sending_since = NULL
     WHERE id = $1::uuid AND status = 'PENDING' RETURNING id`,
    [row.id, deps.clock.now(), INTERRUPTED],
  );
  return rows.length === 1;
}

export async function recordRetry(
  deps: CoreDeps,
  row: ClaimedRow,
  instanceId: string,
  next: { at: Date; error: string } | { failed: true; error: string },
): Promise<void> {
  const data =
    'failed' in next
      ? { status: 'FAILED' as const, lastError: next.error }
      : { nextAttemptAt: next.at, lastError: next.error };
  await deps.db.prisma.outboxMessage.updateMany({
    where: stillMine(row, instanceId),
    data: { ...data, attempts: { increment: 1 }, ...released },
  });
}

/** Not tried (no route yet, rate limit, lease nearly over): back in the queue, no attempt counted. */
export async function putBack(deps: CoreDeps, row: ClaimedRow, instanceId: string, at: Date, why?: string) {
  await deps.db.prisma.outboxMessage.updateMany({
    where: stillMine(row, instanceId),
    // The note of an interrupted try outlives a wait: it says the message may arrive twice.
    data: { nextAttemptAt: at, ...released, ...(why && !row.interrupted ? { lastError: why } : {}) },
  });
}

export async function recordUnreachable(deps: CoreDeps, row: ClaimedRow, instanceId: string, why: string) {
  await deps.db.prisma.outboxMessage.updateMany({
    where: stillMine(row, instanceId),
    data: { status: 'UNREACHABLE', lastError: why, ...released },
  });
}

/** The platform says this account cannot be reached (blocked the bot, closed DMs): stop routing there. */
export async function markIdentityUnreachable(deps: CoreDeps, identityId: string): Promise<void> {
  await deps.db.prisma.platformIdentity.updateMany({
    where: { id: identityId, unreachableAt: null },
    data: { unreachableAt: deps.clock.now() },
  });
}
