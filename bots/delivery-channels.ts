import type { DeliveryChannel, DeliveryChannels } from '../core/outbox/delivery-channel.ts';
import { CONSOLE_CHAT_ID } from './console/console-channel.ts';

/**
 * Where this process delivers notifications. The terminal is a destination only when it is the chat
 * (no chat platform configured): on a server its output is the log, and the mediators' notifications
 * carry people's own words (`/contact`, a payout problem, an e-mail address). Without Slack there, they
 * wait in the outbox until a process has the mediators' channel: kept, never printed.
 */
export function deliveryChannels(options: {
  terminal: DeliveryChannel;
  /** A chat platform runs (Telegram or Discord): the terminal is not the chat. */
  serving: boolean;
  platforms: readonly DeliveryChannel[];
  slack?: { channel: DeliveryChannel; mediatorsChannelId?: string };
  announcements: readonly DeliveryChannel[];
}): DeliveryChannels {
  const { terminal, serving, slack } = options;
  const mediators =
    slack?.mediatorsChannelId !== undefined
      ? { channel: slack.channel, chatId: slack.mediatorsChannelId }
      : serving
        ? undefined
        : { channel: terminal, chatId: CONSOLE_CHAT_ID };
  return {
    people: serving ? options.platforms : [terminal, ...options.platforms],
    mediators,
    announcements: options.announcements,
  };
}
