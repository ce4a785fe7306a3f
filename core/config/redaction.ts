/**
 * Personal data never reaches the logs (product.md §7), nor do secrets. Code logs ids, statuses and
 * counts; this is the safety net for the day it does not. It looks at every level of a logged
 * object, because fixed paths (`*.email`) miss `{ participant: { complaint: { description } } }`.
 */
export const censor = '[redacted]';

const wordSet = (list: string) => new Set(list.trim().split(/\s+/));

/** Words that make a key sensitive wherever they appear in it: `amountCents`, `contact_email`, `botToken`. */
const sensitiveWords = wordSet(`
  description amount cents text message email evidence bytes buffer payload params reason
  phone iban address answer answers comment body content detail password token secret`);
/** Whole keys naming a person or a file (a `commandName` stays readable). */
const sensitiveKeys = wordSet('name firstname lastname fullname displayname username filename');
/** A key ending with one of these holds a reference or a tally, not the data: `evidenceId`, `textKey`. */
const harmlessEndings = wordSet('id ids key keys kind count status code type at size');

const maxDepth = 8;

export function isSensitiveKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
  if (harmlessEndings.has(words.at(-1) ?? '')) return false;
  return sensitiveKeys.has(words.join('')) || words.some((word) => sensitiveWords.has(word));
}

/** A copy of `value` fit for the logs: sensitive keys censored at any depth, errors summarised. */
export function redactForLog(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (value instanceof Error) return summariseError(value, depth, seen);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (depth >= maxDepth) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? censor : redactForLog(inner, depth + 1, seen);
  }
  return copy;
}

/**
 * An error's type, code, first line and stack frames. Everything else is dropped: database errors
 * carry `detail`, `meta` or "Failing row contains (…)" parts that echo the values of the row.
 */
function summariseError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: error.name,
    message: error.message.split(/\n|DETAIL|Failing row/)[0]?.slice(0, 300),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: frames.join('\n'),
    ...(error.cause !== undefined && depth < maxDepth
      ? { cause: redactForLog(error.cause, depth + 1, seen) }
      : {}),
  };
}
