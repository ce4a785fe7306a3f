import { renderNotification, t } from '../../core/i18n/index.ts';
import type { DeliveryChannel, OutboundMessage } from '../../core/outbox/delivery-channel.ts';

/**
 * Delivers notifications by printing them in the terminal: the personal ones of people using the
 * terminal chat, and the mediators' ones while no Slack workspace is configured.
 */
export function consoleChannel(
  write: (text: string) => void = (text) => process.stdout.write(text),
): DeliveryChannel {
  return {
    platform: 'CONSOLE',
    async deliver(message: OutboundMessage) {
      const heading =
        message.audience === 'mediators'
          ? t(message.locale, 'console:notification.forMediators')
          : t(message.locale, 'console:notification.forPerson');
      write(`\n── ${heading} ──\n${renderNotification(message.locale, message.payload)}\n`);
      return { status: 'sent' };
    },
  };
}

/** The chat id of the terminal: one person at the keyboard, and the mediators' messages beside theirs. */
export const CONSOLE_CHAT_ID = 'terminal';
