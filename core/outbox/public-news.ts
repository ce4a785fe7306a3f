import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

/**
 * A news item (audience `public`, written once by the command that causes it: registration opened, vote
 * opened, vote result) is expanded here into one row per platform this process announces on, with the
 * dedup key `<news key>:<PLATFORM>` and the platform in its payload. Each such row is then leased,
 * delivered, retried and recorded like any other, so every announcing platform gets the news exactly
 * once, whatever happens to the others. Expansion and marking the news row SENT commit together; a news
 * item waits, PENDING, while no process has an announcement channel.
 *
 * A platform added later does not receive older news: news are about "now", and a process that runs
 * every adapter (bots/main.ts) expands for all of them at once.
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
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM outbox_message
        WHERE audience = 'public' AND status = 'PENDING' AND payload ->> 'platform' IS NULL
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return false;
      const now = deps.clock.now();
      await tx.$executeRaw`
        INSERT INTO outbox_message (dedup_key, person_id, audience, kind, payload, next_attempt_at, created_at)
        SELECT n.dedup_key || ':' || p.platform, NULL, 'public', n.kind,
          n.payload || jsonb_build_object('platform', p.platform), ${now}, ${now}
        FROM outbox_message n, unnest(${[...platforms]}::text[]) AS p(platform)
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

/** The platform a per-platform news row is for (set by the expansion); null on the news row itself. */
export function newsPlatform(payload: unknown): Platform | null {
  const platform = (payload as { platform?: unknown } | null)?.platform;
  return typeof platform === 'string' ? (platform as Platform) : null;
}
