import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import type { Logger } from '../../core/config/logger.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { DeliveryOutcome, OutboundMessage } from '../../core/outbox/delivery-channel.ts';
import { type PublicNewsKind, publicNewsKinds } from '../../core/outbox/notification-kinds.ts';
import { notificationText } from '../conversation/site-links.ts';
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
  logger: Logger;
  /** The server's preferred language (fr or en); French when the server is not known. */
  localeOf: (serverId: string) => Promise<Locale>;
  /** The public site's address (PUBLIC_URL): each news item links to its page. */
  publicUrl?: string;
}

/**
 * Posts one public news item (registration opened, vote opened, vote result) in one server's chosen
 * channel (the outbox holds one row per server: core/outbox/public-news.ts), in that server's language.
 * A news item holds titles, dates, the rule and counts only (core/mediations/news.ts); anything else
 * given as `public` is refused here, so that nothing personal ever reaches a server's channel. Nobody is
 * mentioned, whatever a title says. A channel gone or forbidden drops this server's copy (the outbox
 * logs it); a 429 or another failure makes it come back later.
 */
export function publicNewsPoster(deps: PublicNewsDeps) {
  return async function postNews(message: OutboundMessage): Promise<DeliveryOutcome> {
    if (!publicNewsKinds.includes(message.kind as PublicNewsKind)) {
      deps.logger.error({ outboxId: message.outboxId, kind: message.kind }, 'not public news: not posted');
      return { status: 'unreachable', reason: 'discord:not-news' };
    }
    const locale = await deps.localeOf(message.payload.refs.serverId ?? '');
    try {
      for (const body of newsMessages(message, locale, deps.publicUrl)) {
        await deps.rest.post(Routes.channelMessages(message.chatId), { body });
      }
      return { status: 'sent' };
    } catch (error) {
      if (error instanceof RateLimitError) {
        return { status: 'retry', afterSeconds: Math.ceil(error.retryAfter / 1000), reason: 'discord:429' };
      }
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      if (typeof code === 'number' && CHANNEL_GONE_OR_FORBIDDEN.has(code))
        return { status: 'unreachable', reason: `discord:${code}` };
      throw error;
    }
  };
}

/** The news text in the server's language (each message at most 2,000 characters), mentioning nobody. */
function newsMessages(message: OutboundMessage, locale: Locale, publicUrl: string | undefined) {
  const lines = [notificationText(message, locale, publicUrl)];
  const slug = message.payload.refs.slug;
  if (message.kind === 'newsRegistrationOpened' && slug)
    lines.push(t(locale, 'discord:news.joinHint', { slug }));
  return renderReplies([{ text: lines.join('\n\n') }], renderWords(locale)).map(({ content }) => ({
    content,
    allowed_mentions: { parse: [] },
  }));
}

/** How long a server's language asked from the REST API is taken as known. */
const ASKED_LOCALE_MS = 60 * 60 * 1000;

/**
 * A server's language for its news. The gateway gives it for the servers on this process's shards; a
 * server on a shard another instance holds (DISCORD_SHARD_IDS) is asked from the REST API, which any
 * instance may call, and remembered for an hour. French when it cannot be told (a server the bot left).
 */
export function serverLocales(rest: REST, fromGateway: (serverId: string) => string | undefined) {
  const asked = new Map<string, { locale: Locale; at: number }>();
  return async (serverId: string): Promise<Locale> => {
    if (!/^\d+$/.test(serverId)) return 'fr';
    const known = fromGateway(serverId);
    if (known !== undefined) return serverLocale(known);
    const remembered = asked.get(serverId);
    if (remembered && Date.now() - remembered.at < ASKED_LOCALE_MS) return remembered.locale;
    const server = (await rest.get(Routes.guild(serverId)).catch(() => undefined)) as
      | { preferred_locale?: string }
      | undefined;
    const locale = serverLocale(server?.preferred_locale);
    if (server) asked.set(serverId, { locale, at: Date.now() });
    return locale;
  };
}

/** A server's preferred language as Discord gives it (`fr`, `en-US`, `de`…): French or else English. */
export function serverLocale(preferredLocale: string | undefined): Locale {
  if (preferredLocale === undefined) return 'fr';
  return preferredLocale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
