import { type Telegram, TelegramError } from 'telegraf';
import type {
  DeliveryChannel,
  DeliveryOutcome,
  OutboundMessage,
} from '../../core/outbox/delivery-channel.ts';
import type { NotificationKind } from '../../core/outbox/notification-kinds.ts';
import { notificationChoices } from '../conversation/notification-choices.ts';
import { notificationText } from '../conversation/site-links.ts';
import type { Choice } from '../conversation/types.ts';
import { chatGone, sendReplies } from './send.ts';

export interface TelegramDeliveryOptions {
  /** The buttons under a notification (e.g. "Vote" under a ballot); by default the conversation layer's. */
  choicesOf?: (message: OutboundMessage) => Choice[][] | undefined;
  /** The public site's address (PUBLIC_URL): a result links to its page. */
  publicUrl?: string;
}

/**
 * Sends the outbox's notifications to people's private chats. telegraf neither queues nor retries, so
 * Telegram's answers are translated for the dispatcher, which owns rate limits and backoff.
 */
export function telegramDeliveryChannel(
  telegram: Telegram,
  options: TelegramDeliveryOptions = {},
): DeliveryChannel {
  return {
    platform: 'TELEGRAM',
    async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
      const text = notificationText(message, message.locale, options.publicUrl);
      const choices = (options.choicesOf ?? defaultChoices)(message);
      try {
        await sendReplies(telegram, message.chatId, [{ text, choices }]);
        return { status: 'sent' };
      } catch (error) {
        const outcome = outcomeOfRefusal(error);
        if (outcome) return outcome;
        throw error;
      }
    },
  };
}

function defaultChoices(message: OutboundMessage): Choice[][] {
  // Mediators' messages go to Slack or the terminal; on Telegram every notification is a person's.
  return notificationChoices(message.kind as NotificationKind, message.payload.refs, message.locale);
}

/** Telegram's refusals that mean something for delivery; anything else is thrown for the usual backoff. */
export function outcomeOfRefusal(error: unknown): DeliveryOutcome | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  if (error.code === 429) {
    return { status: 'retry', afterSeconds: error.parameters?.retry_after ?? 0, reason: 'telegram:429' };
  }
  // Blocked by the user, account deleted, or they never pressed Start: only they can open the chat again.
  if (chatGone(error)) return { status: 'unreachable', reason: `telegram:${error.code}` };
  return undefined;
}
