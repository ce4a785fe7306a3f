import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * A fixed window per client: at most `limit` uses of a form per `windowMs` from one address. It lives
 * in this process (several instances each count their own), which is enough to make guessing receipts
 * pointless: 10 a minute against 2^60 codes.
 */
export function rateLimiter(options: { limit: number; windowMs: number; now: () => number }) {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    /** Counts one use; returns the seconds to wait when over the limit, or 0. */
    take(client: string): number {
      const now = options.now();
      if (windows.size > 10_000) for (const [key, w] of windows) if (w.endsAt <= now) windows.delete(key);
      const window = windows.get(client);
      if (!window || window.endsAt <= now) {
        windows.set(client, { count: 1, endsAt: now + options.windowMs });
        return 0;
      }
      window.count += 1;
      return window.count > options.limit ? Math.ceil((window.endsAt - now) / 1000) : 0;
    },
  };
}

/**
 * The address a request comes from. Behind a reverse proxy every request comes from the proxy: with
 * WEB_TRUST_FORWARDED_FOR, the address the proxy appended last to `X-Forwarded-For` is used instead
 * (only the last one: the ones before it are whatever the client claimed).
 */
export function clientAddress(c: Context, trustForwardedFor: boolean): string {
  if (trustForwardedFor) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  // Without a socket (the tests' `site.request`), all requests share one window.
  return (c.env?.incoming ? getConnInfo(c).remote.address : undefined) ?? 'local';
}
