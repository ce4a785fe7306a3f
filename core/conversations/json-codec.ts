/**
 * JSON that keeps what a command's result or a reply may hold besides plain data — dates and bytes (a
 * published list handed as a file) — and that PostgreSQL's jsonb accepts whatever a person or a forged
 * update sent: a NUL or a lone surrogate half cannot be stored, so each becomes U+FFFD. Used for what a
 * turn stores to finish after a crash.
 */
export function encodeJson(value: unknown): string {
  return (JSON.stringify(value, taggingDatesAndBytes) ?? 'null').replace(UNSTORABLE_ESCAPE, storableEscape);
}

/** The value `encodeJson` wrote, from the text or from what the database driver already parsed. */
export function decodeJson(stored: unknown): unknown {
  const value = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return revive(value);
}

/**
 * Every message goes through here (its body, its answer, its journal), so JSON.stringify does the walk
 * and only two kinds of value are changed on the way: dates and bytes, seen before their own `toJSON`
 * (`this[key]` is the value as it was), become tagged objects.
 */
function taggingDatesAndBytes(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Date) return { $date: original.toISOString() };
  if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
  return value;
}

/**
 * What jsonb refuses, as JSON.stringify writes it (in keys and values alike): a NUL is the escape
 * \u0000, and a lone surrogate half the only surrogate ever escaped (a whole pair is written as is).
 * An escaped backslash is matched first: a person who typed a backslash then « u0000 » keeps that text.
 */
const UNSTORABLE_ESCAPE = /\\\\|\\u0000|\\ud[89a-f][0-9a-f]{2}/g;

function storableEscape(written: string): string {
  return written === '\\\\' ? written : '\ufffd';
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && typeof record.$date === 'string') return new Date(record.$date);
  if (keys.length === 1 && typeof record.$bytes === 'string')
    return new Uint8Array(Buffer.from(record.$bytes, 'base64'));
  return Object.fromEntries(keys.map((key) => [key, revive(record[key])]));
}
