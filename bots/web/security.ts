import type { MiddlewareHandler } from 'hono';

/**
 * Headers every page carries. The site runs no script at all, so the policy allows none; styles and
 * images come from the site itself (the QR codes are SVG files of the site). Nothing may frame a page
 * (a vote's results must not be dressed up inside another site), and HSTS is sent only when the site is
 * reached over HTTPS (`PUBLIC_URL`), where it means something.
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler {
  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', policy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (options.https) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
