import type { Tx } from '../db/connect.ts';
import { RELAYED_MESSAGE_KINDS } from './relay.ts';

/**
 * The parts of `/mesdonnees` that are not rows of the person's own tables (core/people/data-export.ts):
 * what they wrote to the mediators, their place in each vote, and the audit entries about them.
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Their `/contact` messages and payout-problem notes, as relayed to the mediators (their own words). */
export async function messagesToMediators(tx: Tx, personId: string) {
  const rows = await tx.$queryRaw<
    {
      kind: string;
      payload: { params?: Record<string, unknown> };
      status: string;
      created_at: Date;
      sent_at: Date | null;
    }[]
  >`
    SELECT kind, payload, status::text AS status, created_at, sent_at FROM outbox_message
    WHERE audience = 'mediators' AND kind = ANY(${RELAYED_MESSAGE_KINDS as unknown as string[]}::text[])
      AND payload -> 'refs' ->> 'personId' = ${personId}
    ORDER BY created_at, id`;
  return rows.map((row) => ({
    kind: row.kind,
    text: String(row.payload.params?.message ?? row.payload.params?.note ?? ''),
    status: row.status,
    writtenAt: iso(row.created_at),
    deliveredAt: iso(row.sent_at),
  }));
}

/**
 * Each vote a file was called to, and whether it voted. The choice itself only while the vote is
 * open: its close deletes the ballot, the only link between a voter and a choice (product.md §5), and
 * nothing here may rebuild it. The receipt code is theirs: the way they check the published list.
 */
export async function votesOf(tx: Tx, participantIds: string[]) {
  if (participantIds.length === 0) return [];
  const rows = await tx.$queryRaw<
    {
      participant_id: string;
      vote_id: string;
      round: number;
      closes_at: Date;
      closed_at: Date | null;
      has_voted: boolean;
      left_at: Date | null;
      choice: string | null;
      receipt_code: string | null;
    }[]
  >`
    SELECT em.participant_id, em.vote_id, o.round, v.closes_at, v.closed_at, em.has_voted, em.left_at,
      b.choice::text AS choice, b.receipt_code
    FROM electorate_member em
    JOIN vote v ON v.id = em.vote_id
    JOIN offer o ON o.id = v.offer_id
    LEFT JOIN ballot b
      ON b.vote_id = em.vote_id AND b.participant_id = em.participant_id AND v.closed_at IS NULL
    WHERE em.participant_id = ANY(${participantIds}::uuid[])
    ORDER BY v.opens_at, v.id`;
  return rows.map((row) => ({
    participantId: row.participant_id,
    voteId: row.vote_id,
    round: row.round,
    closesAt: iso(row.closes_at),
    open: row.closed_at === null,
    voted: row.has_voted,
    leftElectorateAt: iso(row.left_at),
    ...(row.closed_at === null && row.choice
      ? { currentBallot: { choice: row.choice, receiptCode: row.receipt_code } }
      : {}),
  }));
}

/**
 * Audit entries they made, or that are about them, their files or their payouts: ids, actions and
 * times (the log never holds a text or an amount). `personIds`: theirs, and the persons their accounts
 * were before a `/lier`, whose entries are theirs too. The log has no index on actor or subject: an
 * export reads it whole, which a person's rare request can afford.
 */
export async function auditEntriesAbout(tx: Tx, personIds: string[], subjectIds: string[]) {
  const actors = personIds.map((id) => `person:${id}`);
  const subjects = [...personIds, ...subjectIds];
  const rows = await tx.$queryRaw<
    {
      seq: bigint;
      chain: string;
      position: bigint;
      at: Date;
      actor: string;
      action: string;
      mediation_id: string | null;
      subject_id: string | null;
      details: unknown;
      hash: string;
    }[]
  >`
    SELECT seq, chain, position, at, actor, action, mediation_id, subject_id, details, hash FROM audit_entry
    WHERE actor = ANY(${actors}::text[]) OR subject_id = ANY(${subjects}::text[])
    ORDER BY seq`;
  return rows.map((row) => ({
    seq: row.seq.toString(),
    // Where the entry sits in the log, so that its hash can be checked in its chain.
    chain: row.chain,
    position: row.position.toString(),
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    mediationId: row.mediation_id,
    subjectId: row.subject_id,
    details: row.details,
    hash: row.hash,
  }));
}
