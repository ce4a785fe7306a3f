import type { Tx } from '../db/connect.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';

export interface Recipient {
  participantId: string;
  personId: string;
}

/**
 * The parties of a mediation: files submitted or admitted. A draft has not joined yet, a rejected file
 * and a withdrawn participant have left; none of them is told about the mediation's later life.
 */
export const PARTIES: readonly ParticipantStatus[] = ['SUBMITTED', 'ADMITTED'];

/** The same, as a list for SQL: `status IN (${partiesSql})`. */
export const partiesSql = PARTIES.map((status) => `'${status}'`).join(', ');

/** Participants of a mediation with one of these statuses, whose person has not been erased. */
export async function recipients(
  tx: Tx,
  mediationId: string,
  statuses: readonly ParticipantStatus[],
): Promise<Recipient[]> {
  const rows = await tx.participant.findMany({
    where: { mediationId, status: { in: [...statuses] }, person: { erasedAt: null } },
    select: { id: true, personId: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({ participantId: row.id, personId: row.personId }));
}

/** A mediation's title in both languages, the way notifications carry it. */
export function titleParam(mediation: { titleFr: string; titleEn: string }) {
  return { fr: mediation.titleFr, en: mediation.titleEn };
}
