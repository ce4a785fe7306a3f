import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../../core/clock/clock.ts';
import { defineCommand, execute } from '../../core/commands/command.ts';
import { createLogger } from '../../core/config/logger.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { fireDueTimers, startScheduler } from '../../core/scheduler/scheduler.ts';
import type { TimerHandlers } from '../../core/scheduler/timer-handler.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addTimer, firedSubjects, recordingHandlers } from './support.ts';

const start = new Date('2026-03-02T09:00:00Z');
const noJitter = { baseMs: 10_000, capMs: HOUR, jitter: 0 };
const t = useTestCore({ start });
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
});

const fire = (handlers: TimerHandlers, limit = 100) =>
  fireDueTimers(t.core.deps, { limit, instanceId: 'test', handlers, backoff: noJitter });

describe('the scheduler firing clocks', () => {
  it('fires a due timer once, and a future one only when its time comes', async () => {
    const { runs, handlers } = recordingHandlers();
    const due = await addTimer(t.db, new Date(start.getTime() - MINUTE));
    const future = await addTimer(t.db, new Date(start.getTime() + HOUR), { kind: 'registrationClose' });

    const first = await fire(handlers);
    expect(first.fired.map((timer) => timer.id)).toEqual([due.id]);
    expect((await fire(handlers)).fired).toEqual([]);
    expect(runs.map((run) => run.subjectId)).toEqual([due.subjectId]);
    const dueRow = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: due.id } });
    expect(dueRow.firedAt).toEqual(start);
    expect((await t.db.prisma.timer.findUniqueOrThrow({ where: { id: future.id } })).firedAt).toBeNull();

    t.clock.advance(HOUR);
    expect((await fire(handlers)).fired.map((timer) => timer.id)).toEqual([future.id]);
    expect(runs.map((run) => run.subjectId)).toEqual([due.subjectId, future.subjectId]);
    expect(await firedSubjects(t.db)).toEqual(
      new Map([
        [due.subjectId, 1],
        [future.subjectId, 1],
      ]),
    );
    expect(await t.db.prisma.outboxMessage.count()).toBe(2);
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { subjectId: due.subjectId } });
    expect(audit.actor).toBe('system:scheduler');
  });

  it('never fires a cancelled timer', async () => {
    const { runs, handlers } = recordingHandlers();
    const cancelled = await addTimer(t.db, new Date(start.getTime() + MINUTE), { cancelledAt: start });
    t.clock.advance(30 * DAY);
    expect((await fire(handlers)).fired).toEqual([]);
    expect(runs).toEqual([]);
    expect((await t.db.prisma.timer.findUniqueOrThrow({ where: { id: cancelled.id } })).firedAt).toBeNull();
  });

  it('after a week of downtime fires every overdue timer once, oldest first, across several ticks', async () => {
    const { runs, handlers } = recordingHandlers();
    // Inserted out of order, due at scattered moments of the week the service was down.
    const offsets = [5, 1, 6, 3, 0, 4, 2, 6.5, 0.5, 2.5, 1.5, 3.5].map((days) => days * DAY + 7 * MINUTE);
    const timers = [];
    for (const offset of offsets) timers.push(await addTimer(t.db, new Date(start.getTime() + offset)));
    t.clock.advance(7 * DAY + HOUR);

    const fired = [];
    for (let tick = 0; tick < 10; tick++) fired.push(...(await fire(handlers, 5)).fired);

    expect(fired).toHaveLength(offsets.length);
    const dueTimes = fired.map((timer) => timer.dueAt.getTime());
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
    expect(runs.map((run) => run.subjectId)).toEqual(fired.map((timer) => timer.subjectId));
    expect(new Set(runs.map((run) => run.subjectId)).size).toBe(timers.length);
    expect([...(await firedSubjects(t.db)).values()]).toEqual(offsets.map(() => 1));
  });

  it('rolls back a throwing handler, logs it without personal data, and retries later with a growing delay', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const deps = { ...t.core.deps, logger: createLogger('info', sink) };
    let calls = 0;
    const handlers: TimerHandlers = {
      voteClose: async (ctx, subjectId) => {
        calls++;
        ctx.audit({ action: 'test.timerFired', subjectId });
        ctx.notifyMediators({ kind: 'voteClosed', textKey: 'test:fired', dedupKey: `fired:${subjectId}` });
        // A write made before the failure must disappear with it.
        await ctx.tx.company.create({ data: { slug: `partial-${calls}`, name: 'Partial' } });
        if (calls <= 2) throw new Error('boom\nDETAIL: Failing row contains (Jean Dupont, 1234.56)');
      },
    };
    const timer = await addTimer(t.db, start);
    const tick = () => fireDueTimers(deps, { limit: 10, instanceId: 'a', handlers, backoff: noJitter });

    const report = await tick();
    expect(report.failed.map((failed) => failed.id)).toEqual([timer.id]);
    let row = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } });
    expect(row).toMatchObject({ firedAt: null, attempts: 1, retryAt: new Date(start.getTime() + 10_000) });
    expect(row.lastError).toContain('boom');
    expect(row.lastError).not.toContain('Dupont');
    expect(await t.db.prisma.company.count()).toBe(0);
    expect(await t.db.prisma.auditEntry.count()).toBe(0);
    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
    const logged = lines.join('');
    expect(logged).toContain(timer.id);
    expect(logged).toContain('timer handler failed');
    expect(logged).not.toContain('Dupont');
    expect(logged).not.toContain('1234.56');

    // Not before its delay; then a second failure doubles the delay.
    t.clock.advance(9_000);
    await tick();
    expect(calls).toBe(1);
    t.clock.advance(1_000);
    await tick();
    row = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } });
    expect(row).toMatchObject({ firedAt: null, attempts: 2 });
    expect(row.retryAt?.getTime()).toBe(t.clock.now().getTime() + 20_000);

    t.clock.advance(20_000);
    expect((await tick()).fired.map((fired) => fired.id)).toEqual([timer.id]);
    row = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } });
    expect(row.firedAt).toEqual(t.clock.now());
    expect(row.retryAt).toBeNull();
    expect(await t.db.prisma.company.findMany({ select: { slug: true } })).toEqual([{ slug: 'partial-3' }]);
    expect(await t.db.prisma.auditEntry.count()).toBe(1);
    expect(await t.db.prisma.outboxMessage.count()).toBe(1);
    t.clock.advance(DAY);
    await tick();
    expect(calls).toBe(3);
  });

  it('leaves a timer of a kind it has no handler for untouched, for an instance that has one', async () => {
    const { runs, handlers } = recordingHandlers(['voteClose']);
    const orphan = await addTimer(t.db, start, { kind: 'adhesionClose' });
    const report = await fire(handlers);
    expect(report.unhandled).toEqual([{ kind: 'adhesionClose', count: 1 }]);
    expect(runs).toEqual([]);
    const row = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row).toMatchObject({ firedAt: null, attempts: 0, retryAt: null });

    const other = recordingHandlers(['adhesionClose']);
    expect((await fire(other.handlers)).fired.map((timer) => timer.id)).toEqual([orphan.id]);
  });

  it('fires a clock set by a command, and a moved clock starts afresh', async () => {
    const subjectId = '00000000-0000-4000-8000-000000000001';
    const setClock = defineCommand({
      name: 'testSetClock',
      actors: ['system'],
      input: z.object({ dueAt: z.date() }),
      run: (ctx, input) => ctx.schedule('voteClose', subjectId, input.dueAt),
    });
    unwrap(
      await execute(t.core.deps, setClock, systemActor('test'), { dueAt: new Date(start.getTime() + DAY) }),
    );
    await t.db.prisma.timer.updateMany({
      data: { attempts: 4, retryAt: new Date(start.getTime() + 2 * DAY) },
    });
    unwrap(
      await execute(t.core.deps, setClock, systemActor('test'), { dueAt: new Date(start.getTime() + HOUR) }),
    );
    expect(await t.db.prisma.timer.findFirstOrThrow()).toMatchObject({ attempts: 0, retryAt: null });

    const { runs, handlers } = recordingHandlers();
    t.clock.advance(HOUR);
    await fire(handlers);
    expect(runs).toEqual([{ kind: 'voteClose', subjectId, at: t.clock.now() }]);
  });

  it('ticks on its own, never two ticks at once, and stops cleanly', async () => {
    let running = 0;
    let overlapped = false;
    const { runs, handlers: recording } = recordingHandlers();
    const handlers: TimerHandlers = {
      voteClose: async (ctx, subjectId, deps) => {
        running++;
        if (running > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await recording.voteClose?.(ctx, subjectId, deps);
        running--;
      },
    };
    for (let i = 0; i < 12; i++) await addTimer(t.db, start);
    const scheduler = startScheduler(t.core.deps, { intervalMs: 5, instanceId: 'a', limit: 5, handlers });
    await vi.waitFor(() => expect(runs).toHaveLength(12), { timeout: 10_000, interval: 20 });
    await scheduler.stop();

    await addTimer(t.db, start);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(12);
    expect(overlapped).toBe(false);
  });
});
