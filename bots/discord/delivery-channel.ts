import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import type {
  DeliveryChannel,
  DeliveryOutcome,
  OutboundMessage,
} from '../../core/outbox/delivery-channel.ts';
import type { NotificationKind } from '../../core/outbox/notification-kinds.ts';
import { notificationChoices } from '../conversation/notification-choices.ts';
import { notificationText } from '../conversation/site-links.ts';
import { renderReplies, renderWords } from './render.ts';

/** Discord's error codes that mean "this person cannot get our messages here". */
const CANNOT_MESSAGE_USER = 50007;
const UNKNOWN_CHANNEL = 10003;

/**
 * Sends the outbox's personal notifications to people's direct-message channels (the `chatId` saved at
 * their last interaction), with the conversation's buttons under them, and the public news (audience
 * `public`) to the channel each server chose, through `postNews`. @discordjs/rest is told to give 429s
 * back for these routes (see `rejectOnRateLimit` in bot.ts): the dispatcher owns the waiting.
 */
export function discordDeliveryChannel(
  rest: REST,
  postNews: (message: OutboundMessage) => Promise<DeliveryOutcome>,
  publicUrl?: string,
): DeliveryChannel {
  return {
    platform: 'DISCORD',
    async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
      if (message.audience === 'public') return postNews(message);
      const text = notificationText(message, message.locale, publicUrl);
      const choices = notificationChoices(
        message.kind as NotificationKind,
        message.payload.refs,
        message.locale,
      );
      try {
        for (const body of renderReplies([{ text, choices }], renderWords(message.locale))) {
          await rest.post(Routes.channelMessages(message.chatId), { body });
        }
        return { status: 'sent' };
      } catch (error) {
        const outcome = outcomeOfRefusal(error);
        if (outcome) return outcome;
        throw error;
      }
    },
  };
}

/** Discord's refusals that mean something for delivery; anything else is thrown for the usual backoff. */
export function outcomeOfRefusal(error: unknown): DeliveryOutcome | undefined {
  if (error instanceof RateLimitError) {
    return { status: 'retry', afterSeconds: Math.ceil(error.retryAfter / 1000), reason: 'discord:429' };
  }
  if (!(error instanceof DiscordAPIError)) return undefined;
  // DMs closed to this server's members, or no server shared any more: only the person can change that.
  if (error.code === CANNOT_MESSAGE_USER) return { status: 'unreachable', reason: 'discord:50007' };
  if (error.code === UNKNOWN_CHANNEL) return { status: 'unreachable', reason: 'discord:10003' };
  return undefined;
}

/** The routes whose 429s come back to us as errors instead of being waited out inside @discordjs/rest. */
export function isDeliveryRoute(route: string): boolean {
  return /^\/channels\/[^/]+\/messages$/.test(route);
}
