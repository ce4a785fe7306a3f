import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time codes of `/lier`: 8 characters of Crockford's base 32 (40 random bits), shown as
 * `ABCD-EFGH`. Its alphabet has no I, L, O or U, so what people misread is read the way they meant it:
 * case, spaces and dashes do not matter, O is 0 and I or L is 1.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LINK_CODE_LENGTH = 8;

export function newLinkCode(): string {
  const bits = randomBytes(5).reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  let code = '';
  for (let i = LINK_CODE_LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return code;
}

/** The code as typed, in its canonical form; null when it cannot be a code at all. */
export function normaliseLinkCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== LINK_CODE_LENGTH || [...code].some((char) => !ALPHABET.includes(char))) return null;
  return code;
}

/** `ABCD-EFGH`: two groups are easier to copy by hand. */
export function formatLinkCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What the database keeps instead of the code: a stolen copy of the table links nobody. */
export function hashLinkCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** Compares two hashes in constant time, so the comparison's duration says nothing about either. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
