import type { Logger } from '../../core/config/logger.ts';
import { renderNotification, t } from '../../core/i18n/index.ts';
import type {
  DeliveryChannel,
  DeliveryOutcome,
  OutboundMessage,
} from '../../core/outbox/delivery-channel.ts';
import { RELAYED_MESSAGE_KINDS } from '../../core/people/relay.ts';
import { actions, type Block, button, type SlackMessage, textMessages } from './blocks.ts';

/** The one Web API method this channel needs; the client must reject 429s instead of waiting itself. */
export interface SlackPoster {
  chat: { postMessage(args: { channel: string; text: string; blocks: Block[] }): Promise<unknown> };
}

/** The « Répondre » button under a consumer's message; its value is the message's id. */
export const CONTACT_REPLY_ACTION = 'contact:reply';

/** Slack's answers that mean our channel setting is wrong, not that Slack is busy. */
const CHANNEL_PROBLEMS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action']);
/** While the channel setting is wrong, try again every few minutes rather than every few seconds. */
const CHANNEL_PROBLEM_DELAY_SECONDS = 5 * 60;

/**
 * Sends the mediators' notifications to their Slack channel (`SLACK_MEDIATORS_CHANNEL`). Slack's 429 is
 * given back to the dispatcher with its Retry-After; a channel Slack does not know (a wrong id, the app
 * not invited) is logged loudly and retried: a mediators' message is never dropped.
 */
export function slackDeliveryChannel(client: SlackPoster, logger: Logger): DeliveryChannel {
  return {
    platform: 'SLACK',
    async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
      const [first] = notificationMessages(message);
      if (!first) return { status: 'sent' };
      try {
        await client.chat.postMessage({ channel: message.chatId, text: first.text, blocks: first.blocks });
        return { status: 'sent' };
      } catch (error) {
        const outcome = outcomeOfRefusal(error);
        if (!outcome) throw error;
        if (outcome.reason && CHANNEL_PROBLEMS.has(outcome.reason.replace('slack:', ''))) {
          logger.error(
            { outboxId: message.outboxId, why: outcome.reason },
            'slack refused the mediators channel: check SLACK_MEDIATORS_CHANNEL and invite the app to it',
          );
        }
        return outcome;
      }
    },
  };
}

/** A notification as one Slack message: its text, and a « Répondre » button under a contact message. */
export function notificationMessages(message: OutboundMessage): SlackMessage[] {
  const { locale, payload } = message;
  const after: Block[] = [];
  // A person's own words (a /contact message, a payout problem) are answered from where they arrive.
  if ((RELAYED_MESSAGE_KINDS as readonly string[]).includes(message.kind) && payload.refs.messageId) {
    after.push(
      actions([
        button({
          text: t(locale, 'slack:contact.reply'),
          actionId: CONTACT_REPLY_ACTION,
          value: payload.refs.messageId,
          style: 'primary',
        }),
      ]),
    );
  }
  return textMessages(renderNotification(locale, payload), {
    after,
    maxMessages: 1,
    truncatedNote: t(locale, 'slack:truncated'),
  });
}

/** What a Web API error means for delivery; undefined for the ones the usual backoff handles. */
export function outcomeOfRefusal(error: unknown): Extract<DeliveryOutcome, { status: 'retry' }> | undefined {
  const { code, retryAfter, data } = (error ?? {}) as {
    code?: unknown;
    retryAfter?: unknown;
    data?: { error?: unknown };
  };
  if (code === 'slack_webapi_rate_limited_error') {
    return {
      status: 'retry',
      afterSeconds: typeof retryAfter === 'number' ? retryAfter : 1,
      reason: 'slack:429',
    };
  }
  if (code === 'slack_webapi_platform_error' && typeof data?.error === 'string') {
    const slackError = data.error.slice(0, 60);
    const afterSeconds = CHANNEL_PROBLEMS.has(slackError) ? CHANNEL_PROBLEM_DELAY_SECONDS : 0;
    return { status: 'retry', afterSeconds, reason: `slack:${slackError}` };
  }
  return undefined;
}
