import type { SqlRunner } from '../db/connect.ts';
import type { Platform } from '../db/generated/enums.ts';
import { defaultLocale, type Locale, negotiateLocale } from '../i18n/locale.ts';
import type { DeliveryChannel, DeliveryChannels } from './delivery-channel.ts';
import { newsDestination } from './public-news.ts';

export type Route =
  | { kind: 'deliver'; channel: DeliveryChannel; chatId: string; locale: Locale; identityId?: string }
  /** Nowhere to send it from this process yet (no channel for their platforms): keep it for later. */
  | { kind: 'wait'; reason: string }
  /** Every identity of the person is unreachable, or the person is gone: stop trying. */
  | { kind: 'unreachable'; reason: string };

export interface Recipient {
  audience: string;
  personId: string | null;
  /** For news: the payload names the platform the row was expanded for. */
  payload?: unknown;
}

interface IdentityRow {
  locale: string | null;
  erased: boolean;
  id: string | null;
  platform: Platform | null;
  chatId: string | null;
  languageCode: string | null;
  unreachable: boolean;
}

/**
 * Where a notification goes. A person gets it on the reachable identity they used most recently among
 * the platforms this process has a channel for; the mediators get theirs in their own channel; news go
 * to the server channel they were expanded for.
 */
export async function routeMessage(
  sql: SqlRunner,
  channels: DeliveryChannels,
  recipient: Recipient,
): Promise<Route> {
  if (recipient.audience === 'public') {
    const destination = newsDestination(recipient.payload);
    const channel = channels.announcements?.find((candidate) => candidate.platform === destination?.platform);
    if (!channel || !destination) return { kind: 'wait', reason: 'no announcements channel' };
    return { kind: 'deliver', channel, chatId: destination.channelId, locale: defaultLocale };
  }
  if (recipient.audience === 'mediators' || !recipient.personId) {
    const mediators = channels.mediators;
    if (!mediators) return { kind: 'wait', reason: 'no mediators channel' };
    return { kind: 'deliver', channel: mediators.channel, chatId: mediators.chatId, locale: defaultLocale };
  }
  // One statement sent by the driver: it runs for every message, and a Prisma query with its relation
  // costs the dispatcher several times the CPU (time its paced sends then start late).
  const rows = await sql.query<IdentityRow>(
    `SELECT pe.locale, pe.erased_at IS NOT NULL AS erased, i.id, i.platform, i.chat_id AS "chatId",
       i.language_code AS "languageCode", i.unreachable_at IS NOT NULL AS unreachable
     FROM person pe LEFT JOIN platform_identity i ON i.person_id = pe.id
     WHERE pe.id = $1::uuid
     ORDER BY i.last_seen_at DESC, i.created_at DESC`,
    [recipient.personId],
  );
  const person = rows[0];
  if (!person || person.erased) return { kind: 'unreachable', reason: 'person erased' };
  // A notice meant for one account in its own chat (an account linked to theirs: every account must
  // hear of it, not only the one used last), never redirected to another account of the person.
  const onlyIdentity = addressedIdentity(recipient.payload);
  const reachable = rows.filter(
    (identity) => identity.id && !identity.unreachable && (!onlyIdentity || identity.id === onlyIdentity),
  );
  if (reachable.length === 0) return { kind: 'unreachable', reason: 'every identity unreachable' };
  const byPlatform = new Map<Platform, DeliveryChannel>(
    channels.people.map((channel) => [channel.platform, channel]),
  );
  for (const identity of reachable) {
    const channel = identity.platform && byPlatform.get(identity.platform);
    if (!channel || !identity.chatId || !identity.id) continue;
    const locale = negotiateLocale({ saved: person.locale, platformLanguage: identity.languageCode });
    return { kind: 'deliver', channel, chatId: identity.chatId, locale, identityId: identity.id };
  }
  return { kind: 'wait', reason: 'no channel for the recipient' };
}

/** `refs.identityId` of a person's notification: the one account it must reach (core/people/linking.ts). */
function addressedIdentity(payload: unknown): string | undefined {
  const refs = (payload as { refs?: { identityId?: unknown } } | null | undefined)?.refs;
  return typeof refs?.identityId === 'string' ? refs.identityId : undefined;
}
