import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import { type Locale, renderNotification, t } from '../../core/i18n/index.ts';
import type { DeliveryOutcome, OutboundMessage } from '../../core/outbox/delivery-channel.ts';
import { type PublicNewsKind, publicNewsKinds } from '../../core/outbox/notification-kinds.ts';
import { renderReplies, renderWords } from './render.ts';

/** Refusals that mean "this server's channel will not take our news": skip that server, keep the others. */
const CHANNEL_GONE_OR_FORBIDDEN = new Set([
  10003, // Unknown Channel: deleted
  10004, // Unknown Guild: the bot was removed from the server
  50001, // Missing Access: the bot can no longer see it
  50013, // Missing Permissions: it may not write there
]);

export interface PublicNewsDeps {
  rest: REST;
  core: Core;
  logger: Logger;
  /** The server's preferred language (fr or en); French when the server is not known. */
  localeOf: (serverId: string) => Locale;
}

/**
 * Posts one public news item (registration opened, vote opened, vote result) in the channel each server
 * chose with `/annonces`, in that server's language. A news item holds titles, dates, the rule and counts
 * only (core/mediations/news.ts); anything else given as `public` is refused here, so that nothing
 * personal ever reaches a server's channel. Nobody is mentioned, whatever a title says.
 *
 * A server whose channel is gone or forbidden is skipped (and logged); another failure, or a 429, makes
 * the row come back later for the servers not served yet: those already posted to are remembered by
 * outbox row (in this process), so a retry does not post twice.
 */
export function publicNewsPoster(deps: PublicNewsDeps) {
  const served = new Map<string, Set<string>>();

  return async function postNews(message: OutboundMessage): Promise<DeliveryOutcome> {
    if (!publicNewsKinds.includes(message.kind as PublicNewsKind)) {
      deps.logger.error({ outboxId: message.outboxId, kind: message.kind }, 'not public news: not posted');
      return { status: 'unreachable', reason: 'discord:not-news' };
    }
    const done = served.get(message.outboxId) ?? new Set<string>();
    served.set(message.outboxId, done);
    const servers = await deps.core.query.announcementChannels({ platform: 'DISCORD' });
    let failed = 0;
    for (const { serverId, channelId } of servers) {
      if (done.has(serverId)) continue;
      try {
        for (const body of newsMessages(message, deps.localeOf(serverId))) {
          await deps.rest.post(Routes.channelMessages(channelId), { body });
        }
        done.add(serverId);
      } catch (error) {
        if (error instanceof RateLimitError) {
          const afterSeconds = Math.ceil(error.retryAfter / 1000);
          return { status: 'retry', afterSeconds, reason: 'discord:429' };
        }
        const code = error instanceof DiscordAPIError ? error.code : undefined;
        const skipped = typeof code === 'number' && CHANNEL_GONE_OR_FORBIDDEN.has(code);
        deps.logger.warn(
          { outboxId: message.outboxId, serverId, channelId, code, skipped },
          skipped ? 'announcement channel refused the news: server skipped' : 'news not posted: retried',
        );
        if (skipped) done.add(serverId);
        else failed++;
      }
    }
    if (failed > 0) return { status: 'retry', afterSeconds: 0, reason: `discord:news ${failed} server(s)` };
    served.delete(message.outboxId);
    return { status: 'sent' };
  };
}

/** The news text in the server's language (each message at most 2,000 characters), mentioning nobody. */
function newsMessages(message: OutboundMessage, locale: Locale) {
  const lines = [renderNotification(locale, message.payload)];
  const slug = message.payload.refs.slug;
  if (message.kind === 'newsRegistrationOpened' && slug)
    lines.push(t(locale, 'discord:news.joinHint', { slug }));
  return renderReplies([{ text: lines.join('\n\n') }], renderWords(locale)).map(({ content }) => ({
    content,
    allowed_mentions: { parse: [] },
  }));
}

/** A server's preferred language as Discord gives it (`fr`, `en-US`, `de`…): French or else English. */
export function serverLocale(preferredLocale: string | undefined): Locale {
  if (preferredLocale === undefined) return 'fr';
  return preferredLocale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
