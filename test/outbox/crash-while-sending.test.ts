import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { INTERRUPTED } from '../../core/outbox/leases.ts';
import { openTestCore, type TestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { depsOnPool, openSecondPool } from '../support/second-pool.ts';
import { SlidingWindowChannel } from '../support/send-windows.ts';
import { addTelegramPeople, queueMessages, testDispatch } from './support.ts';

// Issue 11: "kill -9 during a notification fan-out sent 33 of 350 messages twice". A process dies here
// as a kill leaves it: after its 17th message, every platform call it has started or starts reaches
// the platform and never returns, and it records nothing more. Another instance takes over once the
// leases end: everything arrives, and only what was in flight at the kill arrives twice.
const start = new Date('2026-03-02T09:00:00Z');
const PEOPLE = 60;
const KILLED_AFTER = 17;
let t: TestCore;
let secondDb: Database;
beforeAll(async () => {
  t = await openTestCore(start);
  secondDb = await openSecondPool(t.db);
});
afterAll(async () => {
  await secondDb.close();
  await t.close();
});
beforeEach(async () => {
  await emptyAllTables(t.db);
  t.clock.set(start);
});

describe('a dispatcher killed while sending a batch', () => {
  it.each([
    { sendsInFlight: undefined, inFlight: 1 },
    { sendsInFlight: 3, inFlight: 3 },
  ])(
    'leaves $inFlight message(s) to be sent twice, no more, and loses none (sendsInFlight: $sendsInFlight)',
    async ({ sendsInFlight, inFlight }) => {
      const people = await addTelegramPeople(
        t.db,
        Array.from({ length: PEOPLE }, (_, i) => `crash-${i}`),
      );
      const ids = await queueMessages(t.db, t.clock, people);
      const killed = new SlidingWindowChannel(t.clock);
      // The kill: from the 18th call on, calls arrive and never come back.
      killed.answer = () =>
        killed.side.arrivals.length > KILLED_AFTER ? new Promise<void>(() => {}) : undefined;
      const survivor = new SlidingWindowChannel(t.clock, { side: killed.side });
      const dead = testDispatch(t.clock, {
        batchSize: 50,
        sendsInFlight,
        // Dead: its calls never time out either.
        sendTimeoutMs: 24 * 3_600_000,
      });
      void dispatchOnce(t.core.deps, { people: [killed] }, dead);
      await vi.waitFor(() => expect(killed.side.arrivals).toHaveLength(KILLED_AFTER + inFlight));
      // Nothing else leaves the dead process (its other deliveries wait behind the ones in flight).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(killed.side.arrivals).toHaveLength(KILLED_AFTER + inFlight);
      const marked = await t.db.prisma.outboxMessage.findMany({ where: { sendingSince: { not: null } } });
      expect(marked.map((row) => row.id).sort()).toEqual(
        killed.side.arrivals
          .slice(KILLED_AFTER)
          .map((arrival) => arrival.outboxId)
          .sort(),
      );

      const takeOver = testDispatch(t.clock, { instanceId: 'instance-b', batchSize: 50 });
      const runSurvivor = () =>
        dispatchOnce(depsOnPool(t.core.deps, secondDb), { people: [survivor] }, takeOver);
      // What the dead one never leased goes at once; what it leased waits for its lease to end.
      expect(await runSurvivor()).toMatchObject({ claimed: PEOPLE - 50, sent: PEOPLE - 50 });
      t.clock.set(new Date(start.getTime() + 60_000));
      const report = await runSurvivor();
      expect(report).toMatchObject({
        claimed: 50 - KILLED_AFTER,
        interrupted: inFlight,
        sent: 50 - KILLED_AFTER,
      });

      const summary = killed.side.summary(ids);
      expect(summary).toMatchObject({ lost: 0, refused: 0, delivered: PEOPLE, duplicates: inFlight });
      expect(await t.db.prisma.outboxMessage.count({ where: { status: 'SENT' } })).toBe(PEOPLE);
      // Only the rows in flight were sent again, and they say so; the rows merely leased came back clean.
      const noted = await t.db.prisma.outboxMessage.findMany({ where: { lastError: INTERRUPTED } });
      expect(noted.map((row) => [row.id, row.attempts]).sort()).toEqual(
        marked.map((row) => [row.id, 2]).sort(),
      );
      expect(await t.db.prisma.outboxMessage.count({ where: { attempts: 1, lastError: null } })).toBe(
        PEOPLE - inFlight,
      );
    },
  );
});
