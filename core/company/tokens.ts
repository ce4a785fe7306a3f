import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of the company's portal: the one-time sign-in link and the session cookie. Each is 256
 * random bits in base64url; the database keeps only its sha256, so a copy of the tables signs nobody in.
 * They are made by the adapter, outside any command: a command's input and output may be journaled,
 * a token must never be.
 */
export function newPortalToken(): string {
  return randomBytes(32).toString('base64url');
}

export function portalTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as the portal hands them out: anything else is refused before the database is asked. */
export const portalTokenPattern = /^[A-Za-z0-9_-]{43}$/;
