import { t } from '../../core/i18n/index.ts';
import type { DeliveryChannel, OutboundMessage } from '../../core/outbox/delivery-channel.ts';
import type { NotificationKind } from '../../core/outbox/notification-kinds.ts';
import { notificationChoices } from '../conversation/notification-choices.ts';
import { notificationText } from '../conversation/site-links.ts';
import type { Choice } from '../conversation/types.ts';
import type { ChoiceMenu } from './choice-menu.ts';

export interface ConsoleChannelOptions {
  write?: (text: string) => void;
  /**
   * The buttons of a personal notification (the ballot, the adhesion), in the person's language: those
   * every platform shows, unless a test gives others. Printed as numbers when there is a `menu`.
   */
  choicesOf?: (message: OutboundMessage) => Choice[][] | undefined;
  /** The terminal chat's menu: a notification's choices become the ones a typed number picks from. */
  menu?: ChoiceMenu;
  /** The public site's address (PUBLIC_URL): a result links to its page. */
  publicUrl?: string;
}

/**
 * Delivers notifications by printing them in the terminal: the personal ones of people using the
 * terminal chat, and the mediators' ones while no Slack workspace is configured.
 */
export function consoleChannel(options: ConsoleChannelOptions = {}): DeliveryChannel {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const choicesOf =
    options.choicesOf ??
    ((message: OutboundMessage) =>
      notificationChoices(message.kind as NotificationKind, message.payload.refs, message.locale));
  return {
    platform: 'CONSOLE',
    async deliver(message: OutboundMessage) {
      const heading =
        message.audience === 'mediators'
          ? t(message.locale, 'console:notification.forMediators')
          : t(message.locale, 'console:notification.forPerson');
      const lines = [`\n── ${heading} ──`, notificationText(message, message.locale, options.publicUrl)];
      // Mediators' buttons are not the consumer's: only a personal notification changes the menu.
      const choices = message.audience === 'person' ? choicesOf(message) : undefined;
      if (choices?.length && options.menu) {
        options.menu.reset('choice');
        lines.push(...options.menu.number(choices), t(message.locale, 'console:hint.choice'));
      }
      write(`${lines.join('\n')}\n`);
      return { status: 'sent' };
    },
  };
}

/** The chat id of the terminal: one person at the keyboard, and the mediators' messages beside theirs. */
export const CONSOLE_CHAT_ID = 'terminal';
