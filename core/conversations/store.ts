import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import type { HeldUpdate } from './inbound-updates.ts';
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
  /** When it was last saved (loaded states only): what the person was asked last, before or after a notification. */
  updatedAt?: Date;
}

export const emptyConversation: ConversationSnapshot = { flow: null, step: null, data: {}, version: 0 };

/** The next state, saved only on the version it was read at (`$7`). */
const saveState = (
  row: string,
) => `INSERT INTO conversation_state (platform, external_id, flow, step, data, version, updated_at)
     ${row}
     ON CONFLICT (platform, external_id) DO UPDATE
       SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
           version = conversation_state.version + 1, updated_at = EXCLUDED.updated_at
       WHERE conversation_state.version = $7
     RETURNING version`;
const SAVE_STATE = saveState('VALUES ($1::"Platform", $2, $3, $4, $5::jsonb, 1, $6)');

/** The update, locked, if this instance still holds it and it is not done yet (placeholders given). */
const held = (id: string, holder: string) => `SELECT 1 FROM inbound_update
     WHERE platform = $1::"Platform" AND update_id = ${id} AND leased_by = ${holder} AND status = 'received'
     FOR UPDATE`;

/** Marks it done with its answer; its body stays until answered, to send the answer after a crash. */
const markDone = (id: string, answer: string) =>
  `UPDATE inbound_update SET status = 'done', replies = ${answer}::jsonb, journal = NULL
     WHERE platform = $1::"Platform" AND update_id = ${id}`;

/**
 * The account a conversation is with, as stored (core/people's `recognisedAccount` judges whether it
 * needs a write): read with each Telegram update's record, beside the conversation's state.
 */
export interface StoredAccount {
  personId: string;
  locale: 'fr' | 'en' | null;
  erased: boolean;
  unreachable: boolean;
  lastSeenAt: Date;
  chatId: string | null;
  languageCode: string | null;
}

/** The columns of `StoredAccount`, from `platform_identity` and `person` under the aliases given. */
export const accountColumns = (identity: string, person: string) =>
  `${identity}.person_id AS "personId", ${person}.locale, ${person}.erased_at IS NOT NULL AS erased,
   ${identity}.unreachable_at IS NOT NULL AS unreachable, ${identity}.last_seen_at AS "lastSeenAt",
   ${identity}.chat_id AS "chatId", ${identity}.language_code AS "languageCode"`;

/** A conversation's columns as `snapshotOf` takes them, from the table aliased `table`. */
export const conversationColumns = (table: string) =>
  `${table}.flow, ${table}.step, ${table}.data, ${table}.version, ${table}.updated_at AS "updatedAt"`;

export async function loadConversation(
  deps: CoreDeps,
  platform: Platform,
  externalId: string,
): Promise<ConversationSnapshot> {
  const [row] = await deps.db.sql.query<ConversationSnapshot>(
    `SELECT ${conversationColumns('c')} FROM conversation_state c
     WHERE c.platform = $1::"Platform" AND c.external_id = $2`,
    [platform, externalId],
  );
  return row ? snapshotOf(row) : emptyConversation;
}

/** A conversation's columns as read (all null: no state saved yet) as its snapshot. */
export function snapshotOf(row: {
  flow: string | null;
  step: string | null;
  data: Record<string, unknown> | null;
  version: number | null;
  updatedAt?: Date | null;
}): ConversationSnapshot {
  if (row.version === null) return emptyConversation;
  return {
    flow: row.flow,
    step: row.step,
    data: row.data ?? {},
    version: row.version,
    updatedAt: row.updatedAt ?? undefined,
  };
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

/**
 * Ends the handling of an inbound update in one statement: the conversation's next state (when it
 * changed; on the version it was read at, as `saveConversation`) and the update marked done with its
 * answer — only while this instance still holds the update's lease (the row is locked for the
 * statement, so nobody takes it over halfway). A crash before it leaves the update to handle again;
 * after it, only the answer to send. `conflict`: another handling saved the state first, the caller runs
 * the turn again; `leaseLost`: another instance took the update over, its handling is the one that acts.
 */
export async function finishTurn(
  deps: CoreDeps,
  externalId: string,
  expectedVersion: number,
  next: Omit<ConversationSnapshot, 'version'> | null,
  update: HeldUpdate,
  answer: unknown,
): Promise<'finished' | 'conflict' | 'leaseLost'> {
  const [row] = next
    ? await deps.db.sql.query<{ held: number; saved: number }>(
        `WITH lease AS (${held('$8', '$10')}),
         saved AS (${saveState('SELECT $1::"Platform", $2, $3, $4, $5::jsonb, 1, $6 WHERE EXISTS (SELECT 1 FROM lease)')}),
         done AS (${markDone('$8', '$9')} AND EXISTS (SELECT 1 FROM saved) RETURNING 1)
         SELECT (SELECT count(*) FROM lease)::int AS held, (SELECT count(*) FROM saved)::int AS saved`,
        [
          ...stateParams(deps, update.platform, externalId, expectedVersion, next),
          update.updateId,
          encodeJson(answer),
          update.holder,
        ],
      )
    : await deps.db.sql.query<{ held: number; saved: number }>(
        `WITH lease AS (${held('$2', '$4')}),
         done AS (${markDone('$2', '$3')} AND EXISTS (SELECT 1 FROM lease) RETURNING 1)
         SELECT (SELECT count(*) FROM lease)::int AS held, (SELECT count(*) FROM done)::int AS saved`,
        [update.platform, update.updateId, encodeJson(answer), update.holder],
      );
  if (row?.held !== 1) return 'leaseLost';
  return row.saved === 1 ? 'finished' : 'conflict';
}
