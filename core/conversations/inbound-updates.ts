import { randomUUID } from 'node:crypto';
import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { decodeJson, encodeJson } from './json-codec.ts';
import {
  accountColumns,
  type ConversationSnapshot,
  conversationColumns,
  type StoredAccount,
  snapshotOf,
} from './store.ts';
import type { Journal } from './turn-journal.ts';

// Every inbound message reads and writes these rows: plain SQL, like the conversation state.

/**
 * What to do with an update just recorded:
 * - `handle`: new, or left unfinished by a process that died (its journal says what was already done);
 * - `answer`: its effect is committed, its answer was never sent: send `replies`;
 * - `skip`: already answered, being handled by another instance right now, or given up.
 */
export type InboundTurn =
  | { action: 'handle'; update: HeldUpdate; attempts: number }
  | { action: 'answer'; replies: unknown }
  | { action: 'skip' };

export interface RecordOptions {
  platform: Platform;
  updateId: string;
  /** The update as the platform sent it: enough to handle it again after a crash. */
  body: unknown;
  instanceId: string;
  /** How long this instance has to finish it before another one may take it over. */
  leaseMs: number;
  /**
   * The account whose conversation the update continues: its state and the account itself are read in
   * the same statement (up to two round trips less per message) and handed to the conversation with it.
   */
  conversationOf?: string;
  /** Updates of the same platform whose answers were sent since (`AnsweredMarks`): marked in the same statement. */
  answered?: readonly string[];
}

/** This process, for platforms whose updates are not handled again by another one (see `recordOnce`). */
const thisProcess = randomUUID();

/** An update this instance holds the lease of: only its holder may commit its effects (turn-journal.ts). */
export interface HeldUpdate {
  platform: Platform;
  updateId: string;
  holder: string;
  /** What a previous handling committed (empty the first time). */
  journal: Journal;
  /** The conversation's state and account, read with the record (`conversationOf`). */
  conversation?: PrefetchedConversation;
}

/**
 * A conversation's state and account read along with its update's record. They may be stale by the time
 * the turn runs (an earlier message of the same person saved since): saving still checks the version,
 * but a turn run on a stale state could commit a command it should not, so the engine reads again when
 * a handling of that conversation by this process ended after `readFrom`, or when the read is no longer
 * recent.
 */
export interface PrefetchedConversation {
  state: ConversationSnapshot;
  /** `null`: no such account yet. */
  account: StoredAccount | null;
  /** `performance.now()` when the statement that read it was sent. */
  readFrom: number;
}

/** Tries of one update before it is given up (a bug of ours, not a passing outage). */
export const MAX_INBOUND_ATTEMPTS = 5;

/**
 * Records an update before anything acts on it, in one statement: a new one is leased to this instance;
 * an unfinished one whose lease ran out (its process died) is taken over; anything else is skipped.
 * Throws when the database cannot record it: the caller must then make the platform send it again.
 */
export async function recordInboundUpdate(deps: CoreDeps, options: RecordOptions): Promise<InboundTurn> {
  const now = deps.clock.now();
  // One holder per handling, not per instance: a handling that ran past its lease must lose to the one
  // that took the update over, even in the same process.
  const holder = `${options.instanceId}/${randomUUID()}`;
  const readFrom = performance.now();
  const [row] = await deps.db.sql.query<
    {
      status: string;
      journal: unknown;
      replies: unknown;
      attempts: number;
      /** The conversation's columns, all null when it has no saved state. */
      flow: string | null;
      step: string | null;
      data: Record<string, unknown> | null;
      version: number | null;
      updatedAt: Date | null;
    } & Nullable<StoredAccount>
  >(
    // Never the update being recorded (one of ours, taken over after an outage longer than its lease):
    // PostgreSQL would keep only one of two changes to a row in one statement. It is answered again.
    `WITH answered AS (${markAnsweredSql('$9')} AND update_id <> $2),
     recorded AS (
       INSERT INTO inbound_update (platform, update_id, received_at, status, body, leased_by, leased_until)
       VALUES ($1::"Platform", $2, $3, 'received', $4::jsonb, $5, $6)
       ON CONFLICT (platform, update_id) DO UPDATE
         SET attempts = inbound_update.attempts + 1, leased_by = EXCLUDED.leased_by,
             leased_until = EXCLUDED.leased_until,
             status = CASE WHEN inbound_update.attempts >= $7 THEN 'abandoned' ELSE inbound_update.status END
         WHERE inbound_update.status IN ('received', 'done') AND inbound_update.leased_until <= $3
       RETURNING status, journal, replies, attempts)
     SELECT r.status, r.journal, r.replies, r.attempts, ${conversationColumns('c')}, ${accountColumns('i', 'p')}
     FROM recorded r
     LEFT JOIN conversation_state c ON c.platform = $1::"Platform" AND c.external_id = $8::text
     LEFT JOIN platform_identity i ON i.platform = $1::"Platform" AND i.external_id = $8::text
     LEFT JOIN person p ON p.id = i.person_id`,
    [
      options.platform,
      options.updateId,
      now,
      encodeJson(options.body ?? null),
      holder,
      new Date(now.getTime() + options.leaseMs),
      MAX_INBOUND_ATTEMPTS,
      options.conversationOf ?? null,
      options.answered ?? [],
    ],
  );
  if (!row) return { action: 'skip' };
  if (row.status === 'done') return { action: 'answer', replies: decodeJson(row.replies) };
  if (row.status === 'abandoned') {
    deps.logger.error(
      { platform: options.platform, attempts: row.attempts },
      'inbound update given up after repeated failures',
    );
    return { action: 'skip' };
  }
  const update: HeldUpdate = {
    platform: options.platform,
    updateId: options.updateId,
    holder,
    journal: (row.journal as Journal | null) ?? {},
  };
  if (options.conversationOf !== undefined)
    update.conversation = { state: snapshotOf(row), account: accountOf(row), readFrom };
  return { action: 'handle', update, attempts: row.attempts };
}

/** Each column of `T` as read through a LEFT JOIN that may find no row. */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The account's columns, all null when there is no such account. */
function accountOf(row: Nullable<StoredAccount>): StoredAccount | null {
  const { personId, locale, erased, unreachable, lastSeenAt, chatId, languageCode } = row;
  if (personId === null) return null;
  // The other columns are never null when the account exists.
  return { personId, locale, erased, unreachable, lastSeenAt, chatId, languageCode } as StoredAccount;
}

/**
 * For a platform that never sends an interaction twice and whose interactions cannot be answered from
 * another process (Discord, Slack): recorded so that a replay is refused and the effect is saved with
 * it, nothing kept to handle it again.
 */
export function recordOnce(deps: CoreDeps, platform: Platform, updateId: string): Promise<InboundTurn> {
  return recordInboundUpdate(deps, {
    platform,
    updateId,
    body: null,
    instanceId: thisProcess,
    leaseMs: 60_000,
  });
}

/** Still handling it: the lease goes on, so no other instance takes the update over meanwhile. */
export async function extendLease(deps: CoreDeps, update: HeldUpdate, leaseMs: number): Promise<void> {
  await deps.db.sql.query(
    `UPDATE inbound_update SET leased_until = $4
     WHERE platform = $1::"Platform" AND update_id = $2 AND leased_by = $3 AND status IN ('received', 'done')`,
    [update.platform, update.updateId, update.holder, new Date(deps.clock.now().getTime() + leaseMs)],
  );
}

/** Sent: only the key stays, to refuse a replay; what the update said is no longer needed. */
const markAnsweredSql = (updateIds: string) =>
  `UPDATE inbound_update SET status = 'answered', body = NULL, journal = NULL, replies = NULL,
     leased_by = NULL, leased_until = NULL
   WHERE platform = $1::"Platform" AND update_id = ANY(${updateIds}::text[])`;

export async function markAnswered(
  deps: CoreDeps,
  platform: Platform,
  updateIds: string | readonly string[],
): Promise<void> {
  await deps.db.sql.query(markAnsweredSql('$2'), [
    platform,
    typeof updateIds === 'string' ? [updateIds] : updateIds,
  ]);
}

export interface AnsweredMarks {
  /**
   * Records that the update's answer was sent: with the next update's record (`carry`), or on its own
   * when none comes within a moment. Resolves once written; rejects only if that failed while stopping.
   */
  mark(updateId: string): Promise<void>;
  /** Runs `record` with the marks waiting: they are written with it, or wait again if it throws. */
  carry<T>(record: (answered: readonly string[]) => Promise<T>): Promise<T>;
  /** Writes at once every mark waiting (when stopping). */
  flush(): Promise<void>;
}

/**
 * `markAnswered` for a busy bot. Marking every answer in a statement of its own cost a round trip and a
 * durable commit per message; the marks now wait a moment for the next update's record, which writes
 * them with it, so under load they cost nothing more, and alone an answer is marked after `idleMs`.
 * The price: a process killed in that moment leaves its last answers to be sent again (the window of a
 * single UPDATE before). An answer sent must be recorded as such even if the database is away this
 * instant, or it would go twice: a failed mark is tried again, later and later, unless the bot is stopping.
 */
export function batchedAnsweredMarks(
  deps: CoreDeps,
  platform: Platform,
  options: { stopping: () => boolean; retryMs?: number; idleMs?: number },
): AnsweredMarks {
  type Waiting = { updateId: string; resolve: () => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  const firstRetryMs = options.retryMs ?? 1000;
  const idleMs = options.idleMs ?? 20;

  function take(): Waiting[] {
    const batch = waiting;
    waiting = [];
    clearTimeout(timer);
    timer = undefined;
    return batch;
  }

  async function writeAlone() {
    for (let wait = firstRetryMs; waiting.length > 0; ) {
      const batch = take();
      try {
        await markAnswered(
          deps,
          platform,
          batch.map((mark) => mark.updateId),
        );
        for (const mark of batch) mark.resolve();
        wait = firstRetryMs;
      } catch (error) {
        if (options.stopping()) {
          for (const mark of batch) mark.reject(error);
          continue;
        }
        deps.logger.warn({ err: error, updates: batch.length }, 'answer sent, not yet recorded');
        waiting = [...batch, ...waiting];
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(2 * wait, 30_000);
      }
    }
  }

  function flush(): Promise<void> {
    flushing ??= writeAlone().finally(() => {
      flushing = undefined;
      // A mark that came between the last write and this line.
      flushSoon();
    });
    return flushing;
  }

  function flushSoon() {
    if (waiting.length === 0) return;
    if (options.stopping()) return void flush();
    if (timer || flushing) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, idleMs);
  }

  return {
    mark(updateId) {
      const marked = new Promise<void>((resolve, reject) => waiting.push({ updateId, resolve, reject }));
      flushSoon();
      return marked;
    },
    async carry(record) {
      const batch = take();
      try {
        const result = await record(batch.map((mark) => mark.updateId));
        for (const mark of batch) mark.resolve();
        return result;
      } catch (error) {
        waiting = [...batch, ...waiting];
        flushSoon();
        throw error;
      }
    },
    flush,
  };
}

export interface UnfinishedUpdate {
  updateId: string;
  body: unknown;
}

/**
 * Updates a dead process left behind (lease run out, not answered), oldest first: handing each to
 * `recordInboundUpdate` again takes it over, exactly once across instances.
 */
export async function unfinishedInboundUpdates(
  deps: CoreDeps,
  platform: Platform,
  limit = 100,
): Promise<UnfinishedUpdate[]> {
  return deps.db.sql.query<UnfinishedUpdate>(
    `SELECT update_id AS "updateId", body FROM inbound_update
     WHERE status IN ('received', 'done') AND leased_until <= $2 AND platform = $1::"Platform"
     ORDER BY received_at LIMIT $3`,
    [platform, deps.clock.now(), limit],
  );
}

/**
 * Telegram re-sends an update for at most 24 hours, and may restart its update ids after a week of
 * silence: ids older than a few days only stand in the way. Deletes them; returns how many.
 */
export async function pruneInboundUpdates(deps: CoreDeps, keepDays = 3): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - keepDays * 24 * 60 * 60 * 1000);
  const { count } = await deps.db.prisma.inboundUpdate.deleteMany({ where: { receivedAt: { lt: before } } });
  return count;
}
