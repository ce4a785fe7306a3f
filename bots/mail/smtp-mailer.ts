import nodemailer from 'nodemailer';
import type { Mailer } from '../../core/deps.ts';

/**
 * E-mail through the configured server (`SMTP_URL`, `SMTP_FROM`): plain text, French, to a company's
 * contact. A message that cannot be handed to the server is an error the caller reports, never a
 * silent loss: the mediator then forwards the same text by hand.
 */
export function smtpMailer(options: { url: string; from: string }): Mailer & { close(): void } {
  // A server that does not answer fails within seconds, not nodemailer's two minutes: a mediator waits.
  const transport = nodemailer.createTransport(
    { url: options.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    { from: options.from },
  );
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close: () => transport.close(),
  };
}
