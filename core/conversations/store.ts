import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

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
    `INSERT INTO conversation_state (platform, external_id, flow, step, data, version, updated_at)
     VALUES ($1::"Platform", $2, $3, $4, $5::jsonb, 1, $6)
     ON CONFLICT (platform, external_id) DO UPDATE
       SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
           version = conversation_state.version + 1, updated_at = EXCLUDED.updated_at
       WHERE conversation_state.version = $7
     RETURNING version`,
    [
      platform,
      externalId,
      next.flow,
      next.step,
      JSON.stringify(next.data),
      deps.clock.now(),
      expectedVersion,
    ],
  );
  return saved.length === 1;
}

/** A platform update already handled (a webhook retry, a replay) must have no second effect. */
export async function claimInboundUpdate(
  deps: CoreDeps,
  platform: Platform,
  updateId: string,
): Promise<boolean> {
  const claimed = await deps.db.sql.query(
    `INSERT INTO processed_update (platform, update_id, processed_at) VALUES ($1::"Platform", $2, $3)
     ON CONFLICT DO NOTHING RETURNING update_id`,
    [platform, updateId, deps.clock.now()],
  );
  return claimed.length === 1;
}

/** Gives an update back when handling it failed on our side, so the platform's retry is handled. */
export async function releaseInboundUpdate(
  deps: CoreDeps,
  platform: Platform,
  updateId: string,
): Promise<void> {
  await deps.db.prisma.processedUpdate.deleteMany({ where: { platform, updateId } });
}

/**
 * Telegram re-sends an update for at most 24 hours, and may restart its update ids after a week of
 * silence: ids older than a few days only stand in the way. Deletes them; returns how many.
 */
export async function pruneInboundUpdates(deps: CoreDeps, keepDays = 3): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - keepDays * 24 * 60 * 60 * 1000);
  const { count } = await deps.db.prisma.processedUpdate.deleteMany({
    where: { processedAt: { lt: before } },
  });
  return count;
}
