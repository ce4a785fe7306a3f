import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlidingWindowPlatform, telegramRules, type WindowRules } from './send-windows.ts';

/**
 * A Bot API that only sends messages, and keeps Telegram's published limits to the letter: `sendMessage`
 * is refused with a 429 ("retry after 1") when, with it, more than 30 messages would fall within one
 * second, or more than one in its chat. Arrivals are timed when the request has been read, on this
 * process's monotonic clock: run it where nothing else keeps the event loop busy (the benchmark's
 * driver, while the instances send from processes of their own). Each chat stands for one message.
 */
export async function startSlidingWindowBotApi(rules: WindowRules = telegramRules) {
  const side = new SlidingWindowPlatform(() => performance.now(), rules);
  let messageId = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(request.url ?? '')?.[1];
      if (method !== 'sendMessage')
        return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { chat_id?: unknown };
      const chatId = String(body.chat_id);
      if (!side.arrive(chatId, chatId)) {
        return answer(response, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${rules.retryAfterSeconds}`,
          parameters: { retry_after: rules.retryAfterSeconds },
        });
      }
      answer(response, 200, {
        ok: true,
        result: {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    side,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
}
