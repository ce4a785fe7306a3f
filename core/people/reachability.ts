import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

/**
 * Whether notifications to this account last failed for good (bot blocked, DMs closed). Adapters ask
 * before handling a message, because identifying the person clears the mark: this way they can still
 * tell the person that they are missing notifications.
 */
export async function identityUnreachable(
  deps: CoreDeps,
  input: { platform: Platform; externalId: string },
): Promise<boolean> {
  const [row] = await deps.db.sql.query<{ unreachable: boolean }>(
    `SELECT unreachable_at IS NOT NULL AS unreachable FROM platform_identity
     WHERE platform = $1::"Platform" AND external_id = $2`,
    [input.platform, input.externalId],
  );
  return row?.unreachable ?? false;
}
