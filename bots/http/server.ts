import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/config/logger.ts';

/** One endpoint: platform adapters add theirs (the Telegram webhook, later Slack's events). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Matched exactly, query string excluded. */
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}

export interface HttpServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The program's only HTTP listener: platform callbacks, `GET /healthz` for the load balancer or the
 * container runtime, and what main.ts adds (`/readyz`, `/metrics`): exact routes, no framework. Every
 * other path is the public web site's (`fallback`), which has its own router.
 */
export async function startHttpServer(options: {
  port: number;
  host?: string;
  routes: readonly HttpRoute[];
  /** What no exact route takes: the public web site (bots/web/). Without it, 404. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => unknown;
  logger: Logger;
}): Promise<HttpServer> {
  const routes: HttpRoute[] = [
    { method: 'GET', path: '/healthz', handle: (_request, response) => void response.end('ok') },
    ...options.routes,
  ];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = routes.find((candidate) => candidate.path === path && candidate.method === request.method);
    if (!route && options.fallback) {
      options.fallback(request, response);
      return;
    }
    if (!route) {
      // Same answer for a wrong method and an unknown path: a guessed URL learns nothing.
      response.statusCode = 404;
      response.end();
      return;
    }
    Promise.resolve()
      .then(() => route.handle(request, response))
      .catch((error: unknown) => {
        options.logger.error({ err: error, route: route.method }, 'http request failed');
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
  });
  // Longer than the proxies' and clients' own idle timeouts (60 s for most load balancers): otherwise
  // the server may close a kept-alive connection just as a request is sent on it (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
