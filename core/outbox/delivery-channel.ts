import type { NotificationParam } from '../commands/context.ts';
import type { Platform } from '../db/generated/enums.ts';
import type { Locale } from '../i18n/locale.ts';

/** One notification, routed and ready for a platform adapter to render and send. */
export interface OutboundMessage {
  /** The outbox row: the same id on a redelivery, so an adapter may use it as an idempotency key. */
  outboxId: string;
  kind: string;
  /**
   * `public`: news of a mediation for every community server of the platform (its announcement channels
   * are the adapter's business: `core.query.announcementChannels`); no person is involved.
   */
  audience: 'person' | 'mediators' | 'public';
  /**
   * Where it goes on the channel's platform: the person's private chat / DM channel, or the mediators'
   * channel; `public` for news (the adapter sends it to each server's chosen channel).
   */
  chatId: string;
  /**
   * Negotiated: the person's saved choice, then their platform's language, then French. News carry French;
   * their params hold both languages, so an adapter may render each server in its own language.
   */
  locale: Locale;
  payload: OutboundPayload;
  /** 1 on the first try. */
  attempt: number;
}

export interface OutboundPayload {
  /** i18n key of the text, e.g. `votes:notify.voteOpened`. */
  textKey: string;
  params: Record<string, NotificationParam>;
  /** Ids the adapter needs to draw buttons (the vote to answer, the mediation to open). */
  refs: Record<string, string>;
}

/**
 * What became of one delivery. `reason` is a short code chosen by the adapter (`telegram:429`,
 * `discord:50007`) and is stored in `last_error`: never message text, names or chat ids. A platform's
 * "too many requests" answer ends in `:429`: `/metrics` counts those apart.
 * A `deliver` that throws is treated as `retry` with the usual backoff.
 */
export type DeliveryOutcome =
  | { status: 'sent' }
  /** Try again later; `afterSeconds` is the platform's own `retry_after` (0 when it gave none). */
  | { status: 'retry'; afterSeconds: number; reason?: string }
  /** This recipient cannot be reached on this platform (bot blocked, DMs closed): don't try them there again. */
  | { status: 'unreachable'; reason?: string };

/** What a platform adapter implements so the outbox can send through it. */
export interface DeliveryChannel {
  platform: Platform;
  deliver(message: OutboundMessage): Promise<DeliveryOutcome>;
}

/** The channels one process can send through. Each platform's channel shares that platform's rate limits. */
export interface DeliveryChannels {
  /** Personal notifications: a person gets them on the platform they used last, among these. */
  people: readonly DeliveryChannel[];
  /** Messages to the mediators' team (their Slack channel; the terminal for now). */
  mediators?: { channel: DeliveryChannel; chatId: string };
  /**
   * Public news of mediations (audience `public`): each news item is delivered once to each of these,
   * one per platform. A platform with several servers fans the news out to their channels itself.
   * Without any, news wait in the outbox (kept pending, not lost) until a process has one.
   */
  announcements?: readonly DeliveryChannel[];
}
