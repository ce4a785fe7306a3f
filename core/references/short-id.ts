/**
 * Mediators name files, payouts, messages and mediations by the first characters of their id
 * (`3f2a9c1b`), as lists show them: a whole uuid is too long to read aloud or type. Any prefix of at
 * least `MIN_PREFIX_LENGTH` hex digits that matches one id only is accepted (see queries.ts).
 */
export const SHORT_ID_LENGTH = 8;
export const MIN_PREFIX_LENGTH = 6;

/** An id as lists and notifications show it to mediators. */
export const shortId = (id: string): string => id.slice(0, SHORT_ID_LENGTH);

/**
 * A file's reference for the company (issue 15): the first 12 hexadecimal digits of its id, in capitals.
 * It names no one; the mediators, who hold the link to the person, find the file by it (any unique
 * prefix is a reference).
 */
export const fileReference = (participantId: string) =>
  participantId.replaceAll('-', '').slice(0, 12).toUpperCase();

/** The hex digits of a typed prefix (hyphens and case ignored), or undefined when it cannot be one. */
export function prefixDigits(text: string): string | undefined {
  const digits = text.trim().toLowerCase().replaceAll('-', '');
  return new RegExp(`^[0-9a-f]{${MIN_PREFIX_LENGTH},32}$`).test(digits) ? digits : undefined;
}

/** Hex digits written with the hyphens of a uuid: `3f2a9c1b12` → `3f2a9c1b-12`. */
export function hyphenated(digits: string): string {
  const cuts = [8, 12, 16, 20];
  let text = '';
  for (const [index, digit] of [...digits].entries()) {
    if (cuts.includes(index)) text += '-';
    text += digit;
  }
  return text;
}

/**
 * The first and last uuid that start with these digits: a range the primary key's index answers,
 * where `id::text LIKE '…%'` would read the whole table.
 */
export function uuidRange(digits: string): [string, string] {
  return [hyphenated(digits.padEnd(32, '0')), hyphenated(digits.padEnd(32, 'f'))];
}

/**
 * The shortest length, from `SHORT_ID_LENGTH` up, at which every id of the list reads differently:
 * how candidates are shown when a prefix matches several.
 */
export function distinctLength(ids: readonly string[]): number {
  for (let length = SHORT_ID_LENGTH; length < 36; length++) {
    if (new Set(ids.map((id) => id.slice(0, length))).size === ids.length) return length;
  }
  return 36;
}
