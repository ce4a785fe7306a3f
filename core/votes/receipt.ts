import { randomBytes } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a receipt read aloud or retyped is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A receipt code such as `7KQ2-M9XF-3D8R` (60 random bits). It is published with its choice when the
 * vote closes, so each voter can check their ballot was counted as cast, while nobody else can tell
 * whose it is.
 */
export function newReceiptCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (let i = 0; i < 12; i++) {
    code += ALPHABET[(bytes[i] ?? 0) % 32];
    if (i === 3 || i === 7) code += '-';
  }
  return code;
}

/**
 * A receipt code as a person may retype it: lower case, spaces or no dashes, and the letters
 * Crockford's base 32 leaves out because they look like digits (I, L → 1; O → 0). Returns the
 * canonical `XXXX-XXXX-XXXX`, or null when it cannot be a code.
 */
export function normalizeReceiptCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}
