import { describe, expect, it } from 'vitest';
import { databaseClock } from '../../core/clock/database-clock.ts';
import type { SqlRunner } from '../../core/db/connect.ts';
import { openTestDatabase } from '../support/database.ts';

// A vote closes on the database's clock, not on each instance's (issue 10).
describe('the database clock', () => {
  it('reads the server’s time even when this machine’s clock is ten minutes behind', async () => {
    let local = Date.parse('2027-02-01T08:00:00Z');
    const server = (): Date => new Date(local + 10 * 60_000);
    const sql: SqlRunner = {
      exec: async () => {},
      query: async <Row>() => {
        local += 4; // the round trip: 4 ms out, the server answers, 4 ms back
        const now = server();
        local += 4;
        return [{ now }] as Row[];
      },
    };
    const clock = await databaseClock(sql, { localNow: () => local });
    expect(clock.now().getTime() - local).toBe(10 * 60_000);
    clock.stop();
  });

  it('trusts the shortest of its round trips: a slow, lopsided one would put it 40 ms off', async () => {
    let local = Date.parse('2027-02-01T08:00:00Z');
    // The first round trip waits 80 ms on the way back (a busy machine), the others answer in 2 ms.
    const waysBack = [80, 1, 1, 1, 1];
    const sql: SqlRunner = {
      exec: async () => {},
      query: async <Row>() => {
        local += 1;
        const now = new Date(local);
        local += waysBack.shift() ?? 1;
        return [{ now }] as Row[];
      },
    };
    const clock = await databaseClock(sql, { localNow: () => local });
    expect(Math.abs(clock.now().getTime() - local)).toBeLessThanOrEqual(1);
    clock.stop();
  });

  it('agrees with the real database within a second', async () => {
    const db = await openTestDatabase();
    const clock = await databaseClock(db.sql);
    const [row] = await db.sql.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    expect(Math.abs(clock.now().getTime() - new Date(row?.now ?? 0).getTime())).toBeLessThan(1000);
    clock.stop();
    await db.close();
  });
});
