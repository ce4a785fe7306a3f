import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers (its place in the chain is covered by `prevHash`). */
export interface AuditFields {
  at: Date;
  actor: string;
  action: string;
  mediationId: string | null;
  subjectId: string | null;
  details: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with sorted keys: PostgreSQL's jsonb does not keep key order, so the text hashed when writing
 * must be rebuilt identically when verifying.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The text an entry's hash is computed over, after the previous entry's hash and a newline. */
export function entryBody(entry: AuditFields): string {
  return canonicalJson([
    entry.at.toISOString(),
    entry.actor,
    entry.action,
    entry.mediationId,
    entry.subjectId,
    entry.details,
  ]);
}

/**
 * sha256(prevHash + "\n" + body), hex. The database computes the same when appending (see
 * `append_audit_entries` in the migration), so writing costs one round trip under the chain lock.
 */
export function entryHash(prevHash: string, entry: AuditFields): string {
  return createHash('sha256')
    .update(`${prevHash}\n${entryBody(entry)}`, 'utf8')
    .digest('hex');
}
