import { DAY } from '../clock/clock.ts';
import { addParisDays } from '../clock/working-days.ts';
import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';

/**
 * L612-2 and R612-5 of the Code de la consommation: a mediation reaches its outcome within 90 days of
 * the notice of seizure (R612-2), unless a mediator extends it with a reason told to the parties.
 */
export const MEDIATION_DAYS = 90;

/** The clocks of the 90-day limit and how long before the end each one rings, largest first. */
export const deadlineClocks: readonly { kind: TimerKind; before: number }[] = [
  { kind: 'deadlineWarning14d', before: 14 * DAY },
  { kind: 'deadlineWarning7d', before: 7 * DAY },
  { kind: 'deadlineWarning1d', before: DAY },
  { kind: 'deadlineReached', before: 0 },
];

/**
 * Starts the 90-day limit at the first notice of seizure sent in this mediation (R612-5), once: a
 * later notice (another file received) leaves it where it is. The conditional update settles two
 * first files received at the same instant. Returns the limit, new or already running.
 */
export async function startLegalLimit(ctx: CommandContext<SqlTx>, mediationId: string): Promise<Date> {
  const endsBy = addParisDays(ctx.now, MEDIATION_DAYS);
  const started = await ctx.tx.$queryRaw<{ ends_by: Date }[]>`
    UPDATE mediation SET opening_notice_at = ${ctx.now}, ends_by = ${endsBy}, updated_at = ${ctx.now}
    WHERE id = ${mediationId}::uuid AND opening_notice_at IS NULL
    RETURNING ends_by`;
  if (started.length > 0) {
    await armDeadlineClocks(ctx, mediationId, endsBy);
    ctx.audit({
      action: 'mediation.limitStarted',
      mediationId,
      subjectId: mediationId,
      details: { endsBy: endsBy.toISOString() },
    });
    return endsBy;
  }
  const [running] = await ctx.tx.$queryRaw<{ ends_by: Date | null }[]>`
    SELECT ends_by FROM mediation WHERE id = ${mediationId}::uuid`;
  if (!running) throw new Error(`startLegalLimit: no mediation ${mediationId}`);
  return running.ends_by ?? endsBy;
}

/**
 * L612-2: no step of a mediation may be planned past its limit. Refuses with the limit's date and the
 * way forward (extend the mediation, with a reason) when `at` is later than `endsBy`.
 */
export function requireWithinLegalLimit(
  mediation: { endsBy: Date | null; slug: string },
  at: Date,
  messageKey: string,
): void {
  if (mediation.endsBy && at.getTime() > mediation.endsBy.getTime()) {
    refuse('RULE_VIOLATION', messageKey, { endsBy: mediation.endsBy.toISOString(), slug: mediation.slug });
  }
}

/**
 * Sets the clocks of the limit for `endsBy`. After an extension the limit is a new one, so a clock
 * that already rang for the old end is re-armed (unlike `ctx.schedule`, which never revives a fired
 * timer); a warning whose moment is already past is dropped rather than rung late with a wrong count.
 */
export async function armDeadlineClocks(ctx: CommandContext<SqlTx>, mediationId: string, endsBy: Date) {
  for (const { kind, before } of deadlineClocks) {
    const dueAt = new Date(endsBy.getTime() - before);
    if (dueAt <= ctx.now) {
      await ctx.cancelTimer(kind, mediationId);
      continue;
    }
    await ctx.tx.$executeRaw`
      INSERT INTO timer (kind, subject_id, due_at) VALUES (${kind}, ${mediationId}::uuid, ${dueAt})
      ON CONFLICT (kind, subject_id) DO UPDATE SET due_at = EXCLUDED.due_at, fired_at = NULL,
        cancelled_at = NULL, attempts = 0, last_error = NULL, retry_at = NULL`;
  }
}
