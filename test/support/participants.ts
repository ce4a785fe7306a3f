import type { Database } from '../../core/db/connect.ts';
import type { ParticipantStatus } from '../../core/db/generated/enums.ts';

/**
 * A participant written straight into the database, for the tests of areas that only need one to
 * exist (votes, mediations, reports, chats): the joining journey itself is tested in test/participants.
 * A new person unless `personId` says whose file it is.
 */
export async function insertParticipant(
  db: Database,
  mediationId: string,
  now: Date,
  {
    status = 'ADMITTED',
    amountCents = 10_000,
    personId,
    description,
    id,
  }: {
    /** An id chosen by the test (short references that share a prefix); random otherwise. */
    id?: string;
    status?: ParticipantStatus;
    amountCents?: number | null;
    personId?: string;
    description?: string;
  } = {},
) {
  const owner = personId ?? (await db.prisma.person.create({ data: {} })).id;
  const participant = await db.prisma.participant.create({
    data: {
      ...(id ? { id } : {}),
      mediationId,
      personId: owner,
      status,
      description,
      consentTermsAt: now,
      consentGroupingAt: now,
      consentDataAt: now,
      amountCents,
      submittedAt: status === 'DRAFT' ? null : now,
      decidedAt: status === 'ADMITTED' || status === 'REJECTED' ? now : null,
      rejectionReason: status === 'REJECTED' ? 'Pas de réclamation écrite préalable' : null,
      withdrawnAt: status === 'WITHDRAWN' ? now : null,
    },
  });
  return { personId: owner, participantId: participant.id };
}
