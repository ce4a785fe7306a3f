import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { encodeJson } from './json-codec.ts';

// Every inbound message reads and writes these rows, so they go through plain SQL: a Prisma query
// costs several times the CPU of the same statement sent by the driver (see bench/, issue 3).

/** Where one person is in a multi-step chat flow, kept in the database so it survives restarts. */
export interface ConversationSnapshot {
  flow: string | null;
  step: string | null;
  data: Record<string, unknown>;
  /** Optimistic version: a save only succeeds on the version it was read at. */
  version: number;
}

export const emptyConversation: ConversationSnapshot = { flow: null, step: null, data: {}, version: 0 };

/** The next state, saved only on the version it was read at (`$7`). */
const SAVE_STATE = `INSERT INTO conversation_state (platform, external_id, flow, step, data, version, updated_at)
     VALUES ($1::"Platform", $2, $3, $4, $5::jsonb, 1, $6)
     ON CONFLICT (platform, external_id) DO UPDATE
       SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
           version = conversation_state.version + 1, updated_at = EXCLUDED.updated_at
       WHERE conversation_state.version = $7
     RETURNING version`;

/** Marks an update done with its answer: `$1` is its platform, `id` and `answer` name the other two parameters. */
const markDone = (id: string, answer: string) =>
  `UPDATE inbound_update SET status = 'done', replies = ${answer}::jsonb, body = NULL, journal = NULL
     WHERE platform = $1::"Platform" AND update_id = ${id}`;

export async function loadConversation(
  deps: CoreDeps,
  platform: Platform,
  externalId: string,
): Promise<ConversationSnapshot> {
  const [row] = await deps.db.sql.query<ConversationSnapshot>(
    `SELECT flow, step, data, version FROM conversation_state
     WHERE platform = $1::"Platform" AND external_id = $2`,
    [platform, externalId],
  );
  return row ? { ...row, data: row.data ?? {} } : emptyConversation;
}

/**
 * Saves the next state if nobody saved since `expectedVersion` was read; returns false otherwise, so
 * two messages handled at once by two instances never both win: the loser re-reads and runs again.
 */
export async function saveConversation(
  deps: CoreDeps,
  platform: Platform,
  externalId: string,
  expectedVersion: number,
  next: Omit<ConversationSnapshot, 'version'>,
): Promise<boolean> {
  const saved = await deps.db.sql.query(
    SAVE_STATE,
    stateParams(deps, platform, externalId, expectedVersion, next),
  );
  return saved.length === 1;
}

function stateParams(
  deps: CoreDeps,
  platform: Platform,
  externalId: string,
  expectedVersion: number,
  next: Omit<ConversationSnapshot, 'version'>,
): unknown[] {
  return [
    platform,
    externalId,
    next.flow,
    next.step,
    JSON.stringify(next.data),
    deps.clock.now(),
    expectedVersion,
  ];
}

/** The update whose handling this is, and what it answers: both saved with the conversation's state. */
export interface FinishedUpdate {
  updateId: string;
  /** The replies and where they go, kept until the platform took them (`markAnswered`). */
  answer: unknown;
}

/**
 * Ends the handling of an inbound update in one statement: the conversation's next state (when it
 * changed; on the version it was read at, as `saveConversation`) and the update marked done with its
 * answer. A crash before it leaves the update to handle again; after it, only the answer to send.
 * Returns false when another handling saved the state first: the caller runs the turn again.
 */
export async function finishTurn(
  deps: CoreDeps,
  platform: Platform,
  externalId: string,
  expectedVersion: number,
  next: Omit<ConversationSnapshot, 'version'> | null,
  update: FinishedUpdate,
): Promise<boolean> {
  const answer = encodeJson(update.answer);
  if (!next) {
    await deps.db.sql.query(markDone('$2', '$3'), [platform, update.updateId, answer]);
    return true;
  }
  const [row] = await deps.db.sql.query<{ saved: number }>(
    `WITH saved AS (${SAVE_STATE}),
     done AS (${markDone('$8', '$9')} AND EXISTS (SELECT 1 FROM saved) RETURNING 1)
     SELECT count(*)::int AS saved FROM saved`,
    [...stateParams(deps, platform, externalId, expectedVersion, next), update.updateId, answer],
  );
  return row?.saved === 1;
}
