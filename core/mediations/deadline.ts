import { DAY } from '../clock/clock.ts';
import type { CommandContext } from '../commands/context.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';

/** product.md §3: a mediation ends within 90 days of the opening notice, unless a mediator extends it. */
export const MEDIATION_DAYS = 90;

/** The clocks of the 90-day limit and how long before the end each one rings. */
export const deadlineClocks: readonly { kind: TimerKind; before: number }[] = [
  { kind: 'deadlineWarning14d', before: 14 * DAY },
  { kind: 'deadlineWarning3d', before: 3 * DAY },
  { kind: 'deadlineReached', before: 0 },
];

/**
 * Sets the three clocks of the limit for `endsBy`. After an extension the limit is a new one, so a clock
 * that already rang for the old end is re-armed (unlike `ctx.schedule`, which never revives a fired
 * timer); a warning whose moment is already past is dropped rather than rung late with a wrong count.
 */
export async function armDeadlineClocks(ctx: CommandContext, mediationId: string, endsBy: Date) {
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
