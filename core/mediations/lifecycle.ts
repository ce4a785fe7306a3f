import type { CommandContext } from '../commands/context.ts';
import type { MediationStatus } from '../db/generated/enums.ts';
import { refuse } from '../domain/errors.ts';

/**
 * The lifecycle of product.md §3. Every status change of a mediation goes through `moveMediation`, so
 * an illegal transition is always a typed error, never a silent no-op.
 */
const allowed: Record<MediationStatus, readonly MediationStatus[]> = {
  DRAFT: ['OPEN', 'CANCELLED'],
  // CLOSED_FAILURE from OPEN, REGISTRATION_CLOSED and VOTING only when the 90-day limit passes with no
  // outcome (core/mediations/timers.ts); a mediator closes as failed from NEGOTIATION or REJECTED.
  OPEN: ['REGISTRATION_CLOSED', 'CLOSED_FAILURE', 'CANCELLED'],
  REGISTRATION_CLOSED: ['NEGOTIATION', 'CLOSED_FAILURE', 'CANCELLED'],
  NEGOTIATION: ['VOTING', 'CLOSED_FAILURE', 'CANCELLED'],
  // Back to NEGOTIATION when the offer under vote is replaced (its vote is voided).
  VOTING: ['ACCEPTED', 'REJECTED', 'NEGOTIATION', 'CLOSED_FAILURE', 'CANCELLED'],
  ACCEPTED: ['ADHESION', 'CANCELLED'],
  REJECTED: ['NEGOTIATION', 'CLOSED_FAILURE', 'CANCELLED'],
  ADHESION: ['EXECUTION', 'CLOSED_FAILURE', 'CANCELLED'],
  EXECUTION: ['CLOSED_SUCCESS', 'CANCELLED'],
  CLOSED_SUCCESS: [],
  CLOSED_FAILURE: [],
  CANCELLED: [],
};

export const finalStatuses: readonly MediationStatus[] = ['CLOSED_SUCCESS', 'CLOSED_FAILURE', 'CANCELLED'];

export function canMove(from: MediationStatus, to: MediationStatus): boolean {
  return allowed[from].includes(to);
}

/** The refusal `moveMediation` gives, for commands that must check the move before other rules. */
export function requireMove(from: MediationStatus, to: MediationStatus): void {
  if (!canMove(from, to)) refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', { from, to });
}

/**
 * Locks the mediation row, checks the transition, applies it with any extra columns, and audits it.
 * Returns the mediation as it was before the change.
 */
export async function moveMediation(
  ctx: CommandContext,
  mediationId: string,
  to: MediationStatus,
  extra: Record<string, unknown> = {},
  details: Record<string, string | number | boolean | null> = {},
) {
  const mediation = await lockMediation(ctx, mediationId);
  requireMove(mediation.status, to);
  await ctx.tx.mediation.update({
    where: { id: mediationId },
    data: { ...extra, status: to, updatedAt: ctx.now },
  });
  ctx.audit({
    action: 'mediation.status',
    mediationId,
    subjectId: mediationId,
    details: { from: mediation.status, to, ...details },
  });
  return mediation;
}

/** Reads a mediation under a row lock: concurrent commands on one mediation run one after another. */
export async function lockMediation(ctx: CommandContext, mediationId: string) {
  const locked = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM mediation WHERE id = ${mediationId}::uuid FOR UPDATE`;
  if (locked.length === 0) refuse('NOT_FOUND', 'errors:mediationNotFound');
  return ctx.tx.mediation.findUniqueOrThrow({ where: { id: mediationId } });
}
