import { randomUUID } from 'node:crypto';
import type { Database } from '../../core/db/connect.ts';
import type { TimerHandler, TimerHandlers } from '../../core/scheduler/timer-handler.ts';
import type { TimerKind } from '../../core/scheduler/timer-kinds.ts';

export interface HandlerRun {
  kind: TimerKind;
  subjectId: string;
  at: Date;
}

/**
 * Handlers that leave a trace in memory AND in the database (an audit entry, which has no uniqueness,
 * and a mediators' notification with a dedup key): a timer fired twice would show twice in memory and
 * in the audit log.
 */
export function recordingHandlers(kinds: TimerKind[] = ['voteClose', 'registrationClose']) {
  const runs: HandlerRun[] = [];
  const handlerFor =
    (kind: TimerKind): TimerHandler =>
    async (ctx, subjectId) => {
      runs.push({ kind, subjectId, at: ctx.now });
      ctx.audit({ action: 'test.timerFired', subjectId, details: { kind } });
      ctx.notifyMediators({
        kind: 'voteClosed',
        textKey: 'test:fired',
        dedupKey: `fired:${kind}:${subjectId}`,
      });
    };
  const handlers: TimerHandlers = Object.fromEntries(kinds.map((kind) => [kind, handlerFor(kind)]));
  return { runs, handlers };
}

export async function addTimer(
  db: Database,
  dueAt: Date,
  extra: { kind?: TimerKind; cancelledAt?: Date } = {},
): Promise<{ id: string; subjectId: string }> {
  const subjectId = randomUUID();
  const timer = await db.prisma.timer.create({
    data: { kind: extra.kind ?? 'voteClose', subjectId, dueAt, cancelledAt: extra.cancelledAt },
  });
  return { id: timer.id, subjectId };
}

/** Effects recorded in the database, per subject. */
export async function firedSubjects(db: Database): Promise<Map<string, number>> {
  const entries = await db.prisma.auditEntry.findMany({ where: { action: 'test.timerFired' } });
  const counts = new Map<string, number>();
  for (const entry of entries)
    counts.set(entry.subjectId ?? '', (counts.get(entry.subjectId ?? '') ?? 0) + 1);
  return counts;
}
