import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../core/clock/clock.ts';
import type { Database } from '../../core/db/connect.ts';
import { type FiredTimer, fireDueTimers } from '../../core/scheduler/scheduler.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { usingServer } from '../support/database.ts';
import { depsOnPool, openSecondPool } from '../support/second-pool.ts';
import { addTimer, firedSubjects, recordingHandlers } from './support.ts';

let t: TestCore;
let secondDb: Database;
beforeAll(async () => {
  t = await openTestCore();
  secondDb = await openSecondPool(t.db);
});
afterAll(async () => {
  await secondDb.close();
  await t.close();
});

describe('two scheduler instances on one database', () => {
  it('fire each of 200 timers exactly once between them', async () => {
    const now = t.clock.now().getTime();
    const subjects: string[] = [];
    for (let i = 0; i < 200; i++) {
      subjects.push((await addTimer(t.db, new Date(now - (i % 17) * MINUTE))).subjectId);
    }
    // Both instances run the same handler code, as two processes of one release would.
    const { runs, handlers } = recordingHandlers();
    const instances = [
      { deps: t.core.deps, instanceId: 'instance-a' },
      { deps: depsOnPool(t.core.deps, secondDb), instanceId: 'instance-b' },
    ];
    const firedBy = await Promise.all(
      instances.map(async ({ deps, instanceId }) => {
        const fired: FiredTimer[] = [];
        for (;;) {
          const report = await fireDueTimers(deps, { limit: 7, instanceId, handlers });
          expect(report.failed).toEqual([]);
          if (report.fired.length === 0) return fired;
          fired.push(...report.fired);
        }
      }),
    );

    const [byA, byB] = firedBy as [FiredTimer[], FiredTimer[]];
    expect(byA.length + byB.length).toBe(200);
    const idsA = new Set(byA.map((timer) => timer.id));
    expect(byB.filter((timer) => idsA.has(timer.id))).toEqual([]);
    if (usingServer()) {
      // With two real connections both instances take a share of the work.
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
    }

    const inMemory = new Map<string, number>();
    for (const run of runs) inMemory.set(run.subjectId, (inMemory.get(run.subjectId) ?? 0) + 1);
    expect(inMemory.size).toBe(200);
    expect([...inMemory.values()].every((count) => count === 1)).toBe(true);

    const inDatabase = await firedSubjects(t.db);
    expect([...inDatabase.keys()].sort()).toEqual([...subjects].sort());
    expect([...inDatabase.values()].every((count) => count === 1)).toBe(true);
    expect(await t.db.prisma.outboxMessage.count()).toBe(200);
    expect(await t.db.prisma.timer.count({ where: { firedAt: null } })).toBe(0);
  });
});
