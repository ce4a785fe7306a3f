import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * Forms are protected twice against cross-site requests (the site has no session to steal, but a
 * forged receipt check would still spend someone's rate limit in their name):
 * - the browser must say the form was posted from this site (`Sec-Fetch-Site: same-origin`, or an
 *   `Origin` equal to this site's or to PUBLIC_URL's); a request saying neither is refused;
 * - the form carries a token equal to a cookie only this site can set (double submit): another site
 *   can make a browser send the cookie, not read it into the form.
 */
const COOKIE = 'form_token';
export const TOKEN_FIELD = 'form_token';

/** The token to put in a form, set as a cookie when the browser has none yet. */
export function formToken(c: Context, options: { https: boolean }): string {
  const current = getCookie(c, COOKIE);
  if (current && /^[A-Za-z0-9_-]{43}$/.test(current)) return current;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict', secure: options.https });
  return token;
}

/** Whether a posted form comes from this site: its origin, and its token against the cookie. */
export function isSameSiteForm(c: Context, submitted: unknown, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin');
  const fromHere =
    c.req.header('sec-fetch-site') === 'same-origin' ||
    (origin !== undefined && (origin === new URL(c.req.url).origin || origin === originOf(publicUrl)));
  const cookie = getCookie(c, COOKIE);
  if (!fromHere || typeof submitted !== 'string' || !cookie) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(cookie);
  return a.length === b.length && timingSafeEqual(a, b);
}

function originOf(url: string | undefined): string | undefined {
  return url ? new URL(url).origin : undefined;
}
