import { type ErrorCode, refuse } from '../domain/errors.ts';

/**
 * Text people type (a complaint, a rejection reason, a file name) is cleaned before it is stored or
 * shown to anyone else: one Unicode form, no invisible control characters, no stray spaces around.
 */

// C0/C1 controls except line feed, plus the bidirectional overrides and isolates that can make text
// display differently from what it contains ("Trojan Source"). Zero-width joiners stay: emoji need them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

// Half of a UTF-16 pair on its own cannot be stored as UTF-8: it becomes the replacement character.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Length as a person counts it: one per character, an emoji or an accented letter counting once. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export type TextCheck = { ok: true; text: string } | { ok: false; reason: 'empty' | 'tooShort' | 'tooLong' };

export function checkText(raw: string, min: number, max: number): TextCheck {
  const text = cleanText(raw);
  const length = characterCount(text);
  // Only spaces and invisible format characters (a zero-width space, a joiner alone) say nothing.
  if (!/[^\s\p{Cf}]/u.test(text)) return { ok: false, reason: 'empty' };
  if (length < min) return { ok: false, reason: 'tooShort' };
  if (length > max) return { ok: false, reason: 'tooLong' };
  return { ok: true, text };
}

/** A file name as shown back to its owner: no folders, no controls, at most 200 characters. */
export function cleanFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = cleanText(name).replace(/\n/g, ' ').split(/[\\/]/).pop()?.trim() ?? '';
  const short = Array.from(base).slice(0, 200).join('');
  return short === '' ? null : short;
}

/**
 * For a command: the cleaned text, or a refusal with `keys.tooShort` (an empty text is too short) or
 * `keys.tooLong`, both given the limits.
 */
export function requireText(
  raw: string,
  min: number,
  max: number,
  refusal: { code: ErrorCode; tooShort: string; tooLong: string },
): string {
  const checked = checkText(raw, min, max);
  if (checked.ok) return checked.text;
  refuse(refusal.code, checked.reason === 'tooLong' ? refusal.tooLong : refusal.tooShort, { min, max });
}
