import type { NotificationGroup } from '../commands/context.ts';
import type { Tx } from '../db/connect.ts';
import type { CoreDeps } from '../deps.ts';
import { partiesSql } from '../mediations/audience.ts';

/**
 * A notification for a whole group is written as one outbox row by the command that causes it (so a
 * vote of 100,000 electors still closes in one short transaction) and expanded here into one row per
 * person, each with its own dedup key `<group key>:<personId>`. Expansion and marking the group row
 * SENT commit together, and the dedup keys make a second expansion harmless: nobody is notified twice.
 */
export async function expandGroupNotifications(deps: CoreDeps, { limit = 10 } = {}): Promise<number> {
  let expanded = 0;
  for (let i = 0; i < limit; i++) {
    const done = await deps.db.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string; payload: { group: NotificationGroup } }[]>`
        SELECT id, payload FROM outbox_message
        WHERE audience = 'group' AND status = 'PENDING'
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return false;
      await insertMemberRows(tx, row.id, row.payload.group, deps.clock.now());
      await tx.outboxMessage.update({
        where: { id: row.id },
        data: { status: 'SENT', sentAt: deps.clock.now() },
      });
      return true;
    });
    if (!done) break;
    expanded++;
  }
  return expanded;
}

async function insertMemberRows(
  tx: Tx,
  groupRowId: string,
  group: NotificationGroup,
  now: Date,
): Promise<void> {
  const members = membersOf(group);
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox_message (dedup_key, person_id, audience, kind, payload, next_attempt_at, created_at)
     SELECT g.dedup_key || ':' || m.person_id, m.person_id, 'person', g.kind, g.payload - 'group', $2, $2
     FROM outbox_message g, (${members.sql}) m
     WHERE g.id = $1::uuid
     ON CONFLICT (dedup_key) DO NOTHING`,
    groupRowId,
    now,
    members.subjectId,
  );
}

/** Who belongs to each group, as SQL over the group's subject ($3). Erased people are never notified. */
function membersOf(group: NotificationGroup): { sql: string; subjectId: string } {
  const live = `JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL`;
  switch (group.group) {
    case 'electorate':
      return {
        subjectId: group.voteId,
        sql: `SELECT p.person_id FROM electorate_member em JOIN participant p ON p.id = em.participant_id ${live}
              WHERE em.vote_id = $3::uuid AND em.left_at IS NULL`,
      };
    case 'nonVoters':
      return {
        subjectId: group.voteId,
        // A reminder is never sent after closing, even if the close came between the clock and now.
        sql: `SELECT p.person_id FROM electorate_member em JOIN participant p ON p.id = em.participant_id ${live}
              JOIN vote v ON v.id = em.vote_id AND v.closed_at IS NULL
              WHERE em.vote_id = $3::uuid AND em.left_at IS NULL AND NOT em.has_voted`,
      };
    case 'participants':
      // Everyone still in the mediation: admitted, or waiting for a decision on their file.
      return {
        subjectId: group.mediationId,
        sql: `SELECT p.person_id FROM participant p ${live}
              WHERE p.mediation_id = $3::uuid AND p.status IN (${partiesSql})`,
      };
  }
}
