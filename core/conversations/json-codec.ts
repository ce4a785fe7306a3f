/**
 * JSON that keeps what a command's result or a reply may hold besides plain data — dates and bytes (a
 * published list handed as a file) — and that PostgreSQL's jsonb accepts whatever a person or a forged
 * update sent: a NUL or a lone surrogate half cannot be stored, so each becomes U+FFFD. Used for what a
 * turn stores to finish after a crash.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(storable(value)) ?? 'null';
}

/** The value `encodeJson` wrote, from the text or from what the database driver already parsed. */
export function decodeJson(stored: unknown): unknown {
  const value = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return revive(value);
}

function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(storable);
  if (value === null || typeof value !== 'object') return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return storable(withJson.toJSON());
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [storableText(key), storable(field)]),
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is what must go.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
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
