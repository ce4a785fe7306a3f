import type { CoreDeps } from '../deps.ts';
import { RELAYED_MESSAGE_KINDS } from '../people/relay.ts';
import { hyphenated, prefixDigits, uuidRange } from './short-id.ts';

/** What a mediator may name by a short id. */
export type ReferenceKind = 'participant' | 'payout' | 'message' | 'mediation';

/** One id a prefix matched, with enough to tell it from the others. */
export interface ReferenceCandidate {
  id: string;
  /** The mediation it belongs to (a message about no file has none). */
  slug: string | null;
  /** Its status (a message: its kind). */
  status: string;
  at: Date | null;
}

/** More than this many matches are not worth listing: the mediator types a longer prefix. */
const CANDIDATES_SHOWN = 5;

// Drafts stay out: a file is the person's own until they send it, mediators never see its id.
const statements: Record<ReferenceKind, string> = {
  participant: `SELECT p.id, m.slug, p.status::text AS status, p.submitted_at AS at
    FROM participant p JOIN mediation m ON m.id = p.mediation_id
    WHERE p.id BETWEEN $1::uuid AND $2::uuid AND p.status <> 'DRAFT' ORDER BY p.id LIMIT $3`,
  payout: `SELECT pay.id, m.slug, pay.status::text AS status, pay.sent_at AS at
    FROM payout pay JOIN offer o ON o.id = pay.offer_id JOIN mediation m ON m.id = o.mediation_id
    WHERE pay.id BETWEEN $1::uuid AND $2::uuid ORDER BY pay.id LIMIT $3`,
  mediation: `SELECT id, slug, status::text AS status, created_at AS at
    FROM mediation WHERE id BETWEEN $1::uuid AND $2::uuid ORDER BY id LIMIT $3`,
  // A relayed message is known by the id in its outbox row's dedup key, `<kind>:<id>`: a text, so a
  // LIKE on the few rows addressed to the mediators ($1 and $2 are the text prefix and the kinds).
  message: `SELECT split_part(o.dedup_key, ':', 2) AS id, m.slug, o.kind AS status, o.created_at AS at
    FROM outbox_message o
    LEFT JOIN mediation m ON m.id::text = o.payload -> 'refs' ->> 'mediationId'
    WHERE o.audience = 'mediators' AND o.kind = ANY($2::text[])
      AND split_part(o.dedup_key, ':', 2) LIKE $1 || '%'
    ORDER BY o.created_at LIMIT $3`,
};

/**
 * The ids of `kind` that start with `prefix` (at least 6 hex digits, hyphens and case ignored), at
 * most six: one means found, none unknown, several ambiguous. A prefix that cannot be one matches none.
 */
async function idsStartingWith(
  deps: CoreDeps,
  input: { kind: ReferenceKind; prefix: string },
): Promise<ReferenceCandidate[]> {
  const digits = prefixDigits(input.prefix);
  if (!digits) return [];
  const limit = CANDIDATES_SHOWN + 1;
  const params =
    input.kind === 'message'
      ? [hyphenated(digits), RELAYED_MESSAGE_KINDS, limit]
      : [...uuidRange(digits), limit];
  return deps.db.sql.query<ReferenceCandidate>(statements[input.kind], params);
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const referencesQueries = { idsStartingWith };
