import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

/**
 * A news item (audience `public`, written once by the command that causes it: registration opened, vote
 * opened, vote result) is expanded here into one row per announcement channel (each community server's
 * choice, `announcement_channel`) of the platforms this process announces on, with the dedup key
 * `<news key>:<PLATFORM>:<server>` and the platform, channel and server in its payload. Each such row is
 * then leased, delivered, retried and recorded like any other: every server gets the news exactly once,
 * whatever happens to the others, on whichever instance. Expansion and marking the news row SENT commit
 * together; a news item waits, PENDING, while no process has an announcements delivery channel.
 *
 * News are written only for a mediation marked public (core/mediations/news.ts); one made private again
 * before its news were expanded keeps them: they are given up here, unannounced.
 *
 * A server that chooses its channel later does not receive older news: news are about "now", and a
 * process that runs every adapter (bots/main.ts) expands for all of them at once.
 */
export async function expandPublicNews(
  deps: CoreDeps,
  platforms: readonly Platform[],
  { limit = 10 } = {},
): Promise<number> {
  if (platforms.length === 0) return 0;
  let expanded = 0;
  for (let i = 0; i < limit; i++) {
    const done = await deps.db.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string; withheld: boolean }[]>`
        SELECT n.id, (m.id IS NOT NULL AND m.news_public_since IS NULL) AS withheld
        FROM outbox_message n
        LEFT JOIN mediation m ON m.id::text = n.payload -> 'refs' ->> 'mediationId'
        WHERE n.audience = 'public' AND n.status = 'PENDING' AND n.payload ->> 'platform' IS NULL
        ORDER BY n.created_at LIMIT 1 FOR UPDATE OF n SKIP LOCKED`;
      if (!row) return false;
      const now = deps.clock.now();
      if (row.withheld) {
        // Made private again (L612-3) after this news was written: it is never announced.
        await tx.outboxMessage.update({
          where: { id: row.id },
          data: { status: 'FAILED', lastError: 'withheld: the mediation is private' },
        });
        return true;
      }
      await tx.$executeRaw`
        INSERT INTO outbox_message (dedup_key, person_id, audience, kind, payload, next_attempt_at, created_at)
        SELECT n.dedup_key || ':' || a.platform || ':' || a.server_id, NULL, 'public', n.kind,
          jsonb_set(n.payload || jsonb_build_object('platform', a.platform, 'channelId', a.channel_id),
            '{refs,serverId}', to_jsonb(a.server_id)),
          ${now}, ${now}
        FROM outbox_message n
        JOIN announcement_channel a ON a.platform::text = ANY(${[...platforms]}::text[])
        WHERE n.id = ${row.id}::uuid
        ON CONFLICT (dedup_key) DO NOTHING`;
      await tx.outboxMessage.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: now } });
      return true;
    });
    if (!done) break;
    expanded++;
  }
  return expanded;
}

/** Where a per-channel news row goes (set by the expansion); null on the news row itself. */
export function newsDestination(payload: unknown): { platform: Platform; channelId: string } | null {
  const { platform, channelId } = (payload ?? {}) as { platform?: unknown; channelId?: unknown };
  return typeof platform === 'string' && typeof channelId === 'string'
    ? { platform: platform as Platform, channelId }
    : null;
}
