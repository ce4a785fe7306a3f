import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';
import { refuse } from '../domain/errors.ts';
import { requirePersonId } from '../people/person-access.ts';

/**
 * Reads a participant under a row lock: two messages of one person (a double tap, two platforms)
 * change their file one after the other, never both from the same stale copy.
 */
export async function lockParticipant(ctx: CommandContext, participantId: string) {
  await lockFile(ctx, participantId);
  return readLocked(ctx, participantId);
}

/** The acting person's own file. Someone else's file is "not found": we do not confirm it exists. */
export async function lockOwnParticipant(ctx: CommandContext, participantId: string) {
  const personId = requirePersonId(ctx.actor);
  const owner = await lockFile(ctx, participantId);
  if (owner.personId !== personId) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
  if (owner.erased) refuse('NOT_FOUND', 'errors:personNotFound');
  return readLocked(ctx, participantId);
}

/** What the commands run at each message of the joining flow need of the file they change. */
export interface OwnFile {
  id: string;
  mediationId: string;
  status: ParticipantStatus;
  amountCents: number | null;
  /** Calendar days, `YYYY-MM-DD`. */
  problemDay: string | null;
  priorComplaintDay: string | null;
}

/**
 * `lockOwnParticipant` in one statement, for the commands written in SQL (defineSqlCommand): the lock
 * returns the row as committed by whoever held it before, so reading in the same statement is safe.
 */
export async function lockOwnFile(ctx: CommandContext<SqlTx>, participantId: string): Promise<OwnFile> {
  const personId = requirePersonId(ctx.actor);
  const [file] = await ctx.tx.$queryRaw<(OwnFile & { personId: string; erased: boolean })[]>`
    SELECT p.id, p.mediation_id AS "mediationId", p.status::text AS status, p.amount_cents AS "amountCents",
      p.problem_date::text AS "problemDay", p.prior_complaint_date::text AS "priorComplaintDay",
      p.person_id AS "personId", pe.erased_at IS NOT NULL AS erased
    FROM participant p JOIN person pe ON pe.id = p.person_id
    WHERE p.id = ${participantId}::uuid FOR UPDATE OF p`;
  if (!file || file.personId !== personId) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
  if (file.erased) refuse('NOT_FOUND', 'errors:personNotFound');
  const { personId: _owner, erased: _erased, ...own } = file;
  return own;
}

/** Every change of a file runs this: one statement locks it and tells whose it is. */
async function lockFile(ctx: CommandContext, participantId: string) {
  const [owner] = await ctx.tx.$queryRaw<{ personId: string; erased: boolean }[]>`
    SELECT p.person_id AS "personId", pe.erased_at IS NOT NULL AS erased
    FROM participant p JOIN person pe ON pe.id = p.person_id
    WHERE p.id = ${participantId}::uuid FOR UPDATE OF p`;
  if (!owner) refuse('NOT_FOUND', 'participants:errors.fileNotFound');
  return owner;
}

function readLocked(ctx: CommandContext, participantId: string) {
  return ctx.tx.participant.findUniqueOrThrow({ where: { id: participantId }, include: { mediation: true } });
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
