import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where evidence files live. The service keeps its own copy (platform links expire), addressed by an
 * opaque key stored on the `Evidence` row next to the file's sha256. Two stores: files on disk for the
 * embedded database (one process), the database itself on a server (every instance reads them); see
 * configured-evidence-store.ts. `get` of a key that holds nothing rejects; `delete` of one does nothing.
 */
export interface EvidenceStore {
  put(bytes: Uint8Array): Promise<{ storageKey: string; sha256: string }>;
  get(storageKey: string): Promise<Uint8Array>;
  delete(storageKey: string): Promise<void>;
  /** Releases what the store holds open (a connection pool), at shutdown. */
  close?(): Promise<void>;
  /**
   * Keys of the files stored before that instant, for the orphan sweep (core/storage/orphan-sweep.ts).
   * The database store has none: its sweep is one SQL statement (`pruneOrphanEvidenceFiles`).
   */
  storedBefore?(before: Date): Promise<string[]>;
}

const storageKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Storage keys are random UUIDs: anything else is refused before it reaches a path or a query. */
export function checkStorageKey(storageKey: string): string {
  if (!storageKeyPattern.test(storageKey)) {
    throw new Error('invalid storage key');
  }
  return storageKey;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files under `<dataDir>/evidence/`, named by random ids so a name reveals nothing. */
export function fileEvidenceStore(dir: string): EvidenceStore {
  const pathOf = (storageKey: string) => join(dir, checkStorageKey(storageKey));
  return {
    async put(bytes) {
      await mkdir(dir, { recursive: true });
      const storageKey = randomUUID();
      await writeFile(pathOf(storageKey), bytes, { flag: 'wx', mode: 0o600 });
      return { storageKey, sha256: sha256Hex(bytes) };
    },
    get: async (storageKey) => new Uint8Array(await readFile(pathOf(storageKey))),
    delete: async (storageKey) => rm(pathOf(storageKey), { force: true }),
    // A file's time is when it was written (files are never rewritten). Anything in the folder that is
    // not named like a key is none of ours: left alone.
    async storedBefore(before) {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      const keys: string[] = [];
      for (const name of names.filter((candidate) => storageKeyPattern.test(candidate))) {
        const written = await stat(join(dir, name)).catch(() => undefined);
        if (written && written.mtime < before) keys.push(name);
      }
      return keys;
    },
  };
}

/** For tests and the demo: evidence kept in memory. */
export function memoryEvidenceStore(): EvidenceStore & { size(): number } {
  const files = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const storageKey = randomUUID();
      files.set(storageKey, bytes.slice());
      return { storageKey, sha256: sha256Hex(bytes) };
    },
    async get(storageKey) {
      const bytes = files.get(checkStorageKey(storageKey));
      if (!bytes) throw new Error('no such evidence');
      return bytes;
    },
    async delete(storageKey) {
      files.delete(checkStorageKey(storageKey));
    },
    size: () => files.size,
  };
}
