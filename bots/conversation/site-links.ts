import { type Locale, renderNotification, t } from '../../core/i18n/index.ts';
import type { OutboundMessage } from '../../core/outbox/delivery-channel.ts';
import { mediationPath, pageUrl, resultsPath } from '../web/paths.ts';

/**
 * The page of the public web site a notification is about, when the site's address is configured
 * (`PUBLIC_URL`) and the mediation is public: its results for a vote's result, its page for its news.
 * A private mediation has no page: its notifications carry no `publicSlug`, so no link.
 */
function pageOf(message: Pick<OutboundMessage, 'kind' | 'payload'>): string | undefined {
  const refs = message.payload.refs ?? {};
  // News exist only for public mediations; a person's notification says so with `publicSlug`.
  const slug = message.kind.startsWith('news') ? refs.slug : refs.publicSlug;
  if (!slug) return undefined;
  switch (message.kind) {
    case 'voteResult':
    case 'newsVoteResult':
    case 'newsAuditHead':
      return refs.round ? resultsPath(slug, refs.round) : mediationPath(slug);
    case 'newsRegistrationOpened':
    case 'newsVoteOpened':
      return mediationPath(slug);
    default:
      return undefined;
  }
}

/** A notification's text in `locale`, with the line leading to its page on the public site. */
export function notificationText(
  message: Pick<OutboundMessage, 'kind' | 'payload'>,
  locale: Locale,
  publicUrl: string | undefined,
): string {
  const text = renderNotification(locale, message.payload);
  const path = publicUrl ? pageOf(message) : undefined;
  if (!publicUrl || !path) return text;
  return `${text}\n\n${t(locale, 'conversation:sitePage', { url: pageUrl(publicUrl, locale, path) })}`;
}
