import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { databaseEvidenceStore, serverEvidenceStore } from '../../core/storage/database-evidence-store.ts';
import {
  type EvidenceStore,
  fileEvidenceStore,
  memoryEvidenceStore,
  sha256Hex,
} from '../../core/storage/evidence-store.ts';
import { openTestDatabase, serverUrls, usingServer } from '../support/database.ts';

// One contract, every store: the disk (embedded database), the database's `evidence_file` table through
// the application's SQL runner (PGlite here, or the server in CI's second pass), the server store as
// production opens it (its own pool, binary transfers: PostgreSQL pass only), and the tests' memory store.
let db: Database;
const folder = mkdtempSync(join(tmpdir(), 'clf-evidence-'));
const stores: Record<string, () => EvidenceStore> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  stores.disk = () => fileEvidenceStore(join(folder, 'evidence'));
  stores.database = () => databaseEvidenceStore(db.sql);
  const url = serverUrls.get(db);
  if (url) stores.server = () => serverEvidenceStore(url);
  stores.memory = () => memoryEvidenceStore();
}, 60_000);
afterAll(async () => {
  await db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Every byte value, NULs and backslashes included, in an order no text encoding would keep. */
const everyByte = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
const storeNames = ['disk', 'database', ...(usingServer() ? ['server'] : []), 'memory'];

describe.each(storeNames)('the %s evidence store', (name) => {
  let store: EvidenceStore;
  beforeAll(() => {
    const open = stores[name];
    if (!open) throw new Error(`no ${name} store`);
    store = open();
  });
  afterAll(() => store.close?.());

  it('gives back exactly the bytes it was given, under a new random key, with their sha256', async () => {
    const stored = await store.put(everyByte);
    expect(stored.storageKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(stored.sha256).toBe(sha256Hex(everyByte));
    const back = await store.get(stored.storageKey);
    expect(back).toBeInstanceOf(Uint8Array);
    expect(back.byteLength).toBe(everyByte.byteLength);
    expect(Buffer.from(back).equals(Buffer.from(everyByte))).toBe(true);
  });

  it('keeps the same bytes put twice as two files: deleting one leaves the other', async () => {
    const first = await store.put(everyByte);
    const second = await store.put(everyByte);
    expect(second.storageKey).not.toBe(first.storageKey);
    await store.delete(first.storageKey);
    await expect(store.get(first.storageKey)).rejects.toThrow();
    expect(sha256Hex(await store.get(second.storageKey))).toBe(sha256Hex(everyByte));
  });

  it('refuses to read a key that holds nothing, and deletes one without complaint', async () => {
    const unknown = randomUUID();
    await expect(store.get(unknown)).rejects.toThrow();
    await expect(store.delete(unknown)).resolves.toBeUndefined();
  });

  it('refuses a key that is not one of its own (a path, SQL), before touching anything', async () => {
    for (const key of ['../../etc/passwd', "x' OR '1'='1", '', randomUUID().toUpperCase()]) {
      await expect(store.get(key)).rejects.toThrow('invalid storage key');
      await expect(store.delete(key)).rejects.toThrow('invalid storage key');
    }
  });

  it('holds a file of the largest size allowed (MAX_EVIDENCE_MB, 20 MB by default)', {
    timeout: 120_000,
  }, async () => {
    // PGlite (WebAssembly) takes ~25 s to take 20 MB as a parameter; it never stores evidence outside
    // tests (the embedded database keeps files on disk), so it proves the SQL with a smaller file.
    const embedded = name === 'database' && db.kind === 'embedded';
    const largest = randomBytes(embedded ? 2 * 1024 * 1024 : defaultLimits.maxEvidenceBytes);
    const stored = await store.put(largest);
    const back = await store.get(stored.storageKey);
    expect(back.byteLength).toBe(largest.byteLength);
    expect(sha256Hex(back)).toBe(sha256Hex(largest));
    await store.delete(stored.storageKey);
    await expect(store.get(stored.storageKey)).rejects.toThrow();
  });
});

describe('the database store', () => {
  it('keeps one row per file, and deletes it with the file', async () => {
    const store = stores.database?.() as EvidenceStore;
    const rows = async () =>
      (await db.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM evidence_file'))[0]?.count;
    const before = await rows();
    const { storageKey } = await store.put(everyByte);
    expect(await rows()).toBe((before ?? 0) + 1);
    const [row] = await db.sql.query<{ size: number }>(
      'SELECT octet_length(bytes) AS size FROM evidence_file WHERE storage_key = $1::uuid',
      [storageKey],
    );
    expect(row?.size).toBe(everyByte.byteLength);
    await store.delete(storageKey);
    expect(await rows()).toBe(before);
  });
});
