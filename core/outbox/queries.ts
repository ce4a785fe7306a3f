import type { CoreDeps } from '../deps.ts';

/** A notification as the person last saw it: what it was about, and when it reached them. */
export interface SentNotification {
  kind: string;
  refs: Record<string, string>;
  /** ISO 8601: a turn's journal keeps query results as JSON. */
  sentAt: string;
}

/**
 * The last notification of one of `kinds` that reached this person after `after` (any time when
 * null), so an answer typed in words can be matched with its buttons.
 */
export async function lastNotificationSent(
  deps: CoreDeps,
  input: { personId: string; kinds: readonly string[]; after: string | null },
): Promise<SentNotification | null> {
  const [row] = await deps.db.sql.query<{ kind: string; refs: unknown; sentAt: Date }>(
    `SELECT kind, payload -> 'refs' AS refs, sent_at AS "sentAt" FROM outbox_message
     WHERE person_id = $1::uuid AND status = 'SENT' AND kind = ANY($2::text[])
       AND ($3::timestamptz IS NULL OR sent_at > $3::timestamptz)
     ORDER BY sent_at DESC LIMIT 1`,
    [input.personId, input.kinds, input.after],
  );
  if (!row) return null;
  const refs = row.refs && typeof row.refs === 'object' ? (row.refs as Record<string, string>) : {};
  return { kind: row.kind, refs, sentAt: new Date(row.sentAt).toISOString() };
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const outboxQueries = { lastNotificationSent };
