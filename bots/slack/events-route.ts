import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/config/logger.ts';
import { readLimitedBody, refuseTooLarge } from '../http/body.ts';
import type { HttpRoute } from '../http/server.ts';
import { unreadableBody } from './body-shape.ts';
import { checkSlackSignature } from './signature.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slash commands and interactions are a few kilobytes; Bolt's own ceiling is 4 MB. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * `POST /slack/events` on the program's HTTP server: slash commands, button presses and modal
 * submissions (Slack's "Request URL" for all three). The body is read once, the signature checked, and
 * only a signed request reaches Bolt; anything else gets 401 and runs nothing.
 */
export function slackEventsRoute(options: {
  signingSecret: string;
  /** Bolt's request listener; it finds the body read here in `rawBody` and checks the signature again. */
  dispatch: (request: IncomingMessage, response: ServerResponse) => void;
  logger: Logger;
}): HttpRoute {
  return {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    async handle(request, response) {
      const body = await readLimitedBody(request, MAX_REQUEST_BYTES);
      if (body === 'tooLarge') return refuseTooLarge(request, response);
      if (isSslCheck(request, body)) {
        // Slack checks the certificate of a slash command's URL with an unsigned `ssl_check=1`.
        response.end();
        return;
      }
      const check = checkSlackSignature({
        secret: options.signingSecret,
        body,
        timestamp: header(request, 'x-slack-request-timestamp'),
        signature: header(request, 'x-slack-signature'),
      });
      if (!check.ok) {
        options.logger.warn({ why: check.why }, 'slack request refused');
        response.statusCode = 401;
        response.end();
        return;
      }
      const unreadable = unreadableBody(String(request.headers['content-type'] ?? ''), body.toString('utf8'));
      if (unreadable) {
        // Signed, yet not a body Slack sends: Bolt would throw on it, out of reach of any handler.
        options.logger.warn({ why: unreadable }, 'slack request unreadable');
        response.statusCode = 400;
        response.end();
        return;
      }
      Object.assign(request, { rawBody: body });
      options.dispatch(request, response);
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isSslCheck(request: IncomingMessage, body: Buffer): boolean {
  return (
    request.headers['content-type'] === 'application/x-www-form-urlencoded' &&
    new URLSearchParams(body.toString()).get('ssl_check') === '1'
  );
}
