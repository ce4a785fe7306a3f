import type { CommandContext } from '../commands/context.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';
import { refuse } from '../domain/errors.ts';
import { loadLivePerson, requirePersonId } from '../people/person-access.ts';

/**
 * Reads a participant under a row lock: two messages of one person (a double tap, two platforms)
 * change their file one after the other, never both from the same stale copy.
 */
export async function lockParticipant(ctx: CommandContext, participantId: string) {
  const locked = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM participant WHERE id = ${participantId}::uuid FOR UPDATE`;
  if (locked.length === 0) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
  return ctx.tx.participant.findUniqueOrThrow({ where: { id: participantId }, include: { mediation: true } });
}

/** The acting person's own file. Someone else's file is "not found": we do not confirm it exists. */
export async function lockOwnParticipant(ctx: CommandContext, participantId: string) {
  const personId = requirePersonId(ctx.actor);
  await loadLivePerson(ctx.tx, personId);
  const participant = await lockParticipant(ctx, participantId);
  if (participant.personId !== personId) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
  return participant;
}

/** A file being prepared can be changed; once submitted it is what the mediators review. */
export function requireDraft(participant: { status: ParticipantStatus }): void {
  if (participant.status !== 'DRAFT') {
    refuse('ILLEGAL_TRANSITION', 'participants:errors.notEditable', { status: participant.status });
  }
}

export function mediationTitle(mediation: { titleFr: string; titleEn: string }) {
  return { fr: mediation.titleFr, en: mediation.titleEn };
}
