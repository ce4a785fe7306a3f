import { accountColumns, type StoredAccount } from '../conversations/store.ts';
import type { CoreDeps } from '../deps.ts';

/**
 * How fresh `lastSeenAt` is kept. Notifications go to the account a person used last, so a few
 * minutes are precise enough, and most messages need no write at all.
 */
const LAST_SEEN_PRECISION_MS = 5 * 60 * 1000;

/** Who wrote, as `identifyPerson` answers for an account it did not need to write to. */
export interface Recognised {
  personId: string;
  created: false;
  locale: 'fr' | 'en' | null;
}

/**
 * The person behind an account, when nothing about the account needs writing: known, not erased,
 * reachable, seen a moment ago, on the same chat and in the same language (an absent one is unchanged).
 * Otherwise `undefined`, and `identifyPerson` writes.
 */
export function recognisedAccount(
  stored: StoredAccount | null,
  seen: { chatId?: string; languageCode?: string },
  now: Date,
): Recognised | undefined {
  if (!stored || stored.erased || stored.unreachable) return undefined;
  if (stored.lastSeenAt.getTime() <= now.getTime() - LAST_SEEN_PRECISION_MS) return undefined;
  if (seen.chatId !== undefined && seen.chatId !== stored.chatId) return undefined;
  if (seen.languageCode !== undefined && seen.languageCode !== stored.languageCode) return undefined;
  return { personId: stored.personId, created: false, locale: stored.locale };
}

/** The account as stored, `null` when there is none. */
export async function storedAccount(
  deps: CoreDeps,
  platform: string,
  externalId: string,
): Promise<StoredAccount | null> {
  const [row] = await deps.db.sql.query<StoredAccount>(
    `SELECT ${accountColumns('i', 'p')} FROM platform_identity i JOIN person p ON p.id = i.person_id
     WHERE i.platform = $1::"Platform" AND i.external_id = $2`,
    [platform, externalId],
  );
  return row ?? null;
}
