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
