import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedTemplate } from '../../core/db/embedded-template.ts';

const work = mkdtempSync(join(tmpdir(), 'clf-template-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function rowsOf(dir: string): Promise<string[]> {
  const db = await PGlite.create(dir);
  try {
    const exists = await db.query<{ name: string | null }>(`SELECT to_regclass('public.note')::text AS name`);
    if (!exists.rows[0]?.name) return [];
    return (await db.query<{ text: string }>('SELECT text FROM note')).rows.map((row) => row.text);
  } finally {
    await db.close();
  }
}

describe('the empty embedded database, made once and copied', () => {
  it('is made once even when two processes ask at once, and each copy is a database of its own', async () => {
    const cache = join(work, 'cache');
    const [first, second] = [join(work, 'first'), join(work, 'second')];
    const copied = await Promise.all([
      embeddedTemplate(cache).copyInto(first),
      embeddedTemplate(cache).copyInto(second),
    ]);
    expect(copied).toEqual([true, true]);
    // One template under its final name, nothing left aside, and its dump not copied out.
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^pglite-\d+\.\d+\.\d+$/)]);
    expect(readdirSync(first).some((name) => name.endsWith('.tar'))).toBe(false);
    expect(existsSync(join(first, 'PG_VERSION'))).toBe(true);

    const db = await PGlite.create(first);
    await db.exec(`CREATE TABLE note (text text); INSERT INTO note VALUES ('only in the first')`);
    await db.close();
    expect(await rowsOf(first)).toEqual(['only in the first']);
    expect(await rowsOf(second)).toEqual([]);

    // An in-memory database loads the same empty one.
    const dump = await embeddedTemplate(cache).dump();
    expect(dump?.size).toBeGreaterThan(1_000_000);
    const memory = await PGlite.create('memory://', { loadDataDir: dump });
    expect((await memory.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await memory.close();
  });

  it('never writes into a folder that already holds something', async () => {
    const used = join(work, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'keep.txt'), 'mine');
    expect(await embeddedTemplate(join(work, 'cache')).copyInto(used)).toBe(false);
    expect(readdirSync(used)).toEqual(['keep.txt']);
  });

  it('gives up, leaving the folder empty, when the cache cannot be written', async () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, '');
    const template = embeddedTemplate(join(blocker, 'cache'));
    const fresh = join(work, 'fresh');
    expect(await template.copyInto(fresh)).toBe(false);
    expect(await template.dump()).toBeUndefined();
    expect(existsSync(fresh) ? readdirSync(fresh) : []).toEqual([]);
  });
});
