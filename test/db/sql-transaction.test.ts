import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import { openTestDatabase, usingServer } from '../support/database.ts';

// The driver-level transaction of the hot commands (defineSqlCommand): all or nothing, like Prisma's.
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const companies = async (slug: string) =>
  (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM company WHERE slug = $1', [slug]))[0]?.n;
const nameOf = async (slug: string) =>
  (await db.sql.query<{ name: string }>('SELECT name FROM company WHERE slug = $1', [slug]))[0]?.name;

describe('a transaction sent straight to the driver', () => {
  it('commits every statement, with values passed as parameters', async () => {
    const name = "O'Brien'); DROP TABLE company; --";
    const inserted = await db.transaction(async (tx) => {
      const count = await tx.$executeRaw`INSERT INTO company (slug, name) VALUES (${'obrien'}, ${name})`;
      const [row] = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM company WHERE slug = ${'obrien'}`;
      return { count, name: row?.name };
    }, 5_000);
    expect(inserted).toEqual({ count: 1, name });
    expect(await nameOf('obrien')).toBe(name);
  });

  it('keeps nothing of a transaction that fails, and the next one runs', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO company (slug, name) VALUES ('half-done', 'Half')`;
        throw new Error('the command was refused');
      }, 5_000),
    ).rejects.toThrow('the command was refused');
    expect(await companies('half-done')).toBe(0);
    await expect(
      db.transaction(
        async (tx) => tx.$executeRaw`INSERT INTO company (slug, name) VALUES ('next', 'Next')`,
        5_000,
      ),
    ).resolves.toBe(1);
  });

  it.runIf(usingServer())('is cancelled by the server past its time, and keeps nothing', async () => {
    const started = performance.now();
    await expect(
      db.transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO company (slug, name) VALUES ('too-slow', 'Slow')`;
        await tx.$queryRaw`SELECT pg_sleep(5)`;
      }, 300),
    ).rejects.toMatchObject({ code: '57014' });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(await companies('too-slow')).toBe(0);
  });
});
