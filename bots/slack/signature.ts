import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's rule: a request signed more than five minutes from now (either way) is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; why: 'missing headers' | 'stale timestamp' | 'bad signature' };

/**
 * Checks `X-Slack-Signature` = `v0=HMAC_SHA256(secret, "v0:" + timestamp + ":" + raw body)` and that
 * `X-Slack-Request-Timestamp` is within five minutes of now, so a captured request cannot be replayed
 * later. Bolt checks again behind us; this check is ours so the route fails closed on its own.
 */
export function checkSlackSignature(request: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, why: 'missing headers' };
  const now = request.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS)
    return { ok: false, why: 'stale timestamp' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', request.secret).update(`v0:${timestamp}:`).update(request.body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, why: 'bad signature' };
  }
  return { ok: true };
}
