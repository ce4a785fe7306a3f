import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { SqlRunner } from '../db/connect.ts';
import { checkStorageKey, type EvidenceStore, sha256Hex } from './evidence-store.ts';

/** The one thing the store needs of a database: statements with parameters, rows back. */
export interface EvidenceSql {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/**
 * A file is read in slices of this size. pg receives a `bytea` as hex text, twice the bytes, before
 * decoding it: read whole, a 20 MB file would hold 40 MB of text and 20 MB of bytes at once; in slices,
 * the file and one slice (its size once the bytes are out of line: see the migration's STORAGE EXTERNAL).
 */
export const READ_SLICE_BYTES = 1024 * 1024;

/**
 * Evidence bytes in the `evidence_file` table, one row per file, named by the same random key the disk
 * store uses as a file name: with a PostgreSQL server, every instance of the service reads every file.
 * Each call moves one file and nothing more (sizes and names are on the `evidence` rows; a file's bytes
 * are read only by `get`). Files are written once and never changed. A deleted row's bytes stay in the
 * table's storage until PostgreSQL reuses it, and in the write-ahead log and backups until they rotate.
 */
export function databaseEvidenceStore(sql: EvidenceSql, close?: () => Promise<void>): EvidenceStore {
  return {
    async put(bytes) {
      const storageKey = randomUUID();
      // pg sends bytes as a binary parameter: the file itself goes over the wire, not its hex text.
      await sql.query('INSERT INTO evidence_file (storage_key, bytes) VALUES ($1::uuid, $2)', [
        storageKey,
        bytes,
      ]);
      return { storageKey, sha256: sha256Hex(bytes) };
    },
    get: async (storageKey) => readSliced(sql, checkStorageKey(storageKey)),
    async delete(storageKey) {
      await sql.query('DELETE FROM evidence_file WHERE storage_key = $1::uuid', [
        checkStorageKey(storageKey),
      ]);
    },
    ...(close ? { close } : {}),
  };
}

/** The file's size and first slice in one statement (most files fit in one), then the other slices. */
async function readSliced(sql: EvidenceSql, storageKey: string): Promise<Uint8Array> {
  const slice = async (from: number) => {
    const [row] = await sql.query<{ size: number; slice: Uint8Array }>(
      `SELECT octet_length(bytes) AS size, substring(bytes FROM $2::int + 1 FOR $3::int) AS slice
         FROM evidence_file WHERE storage_key = $1::uuid`,
      [storageKey, from, READ_SLICE_BYTES],
    );
    // Gone (never stored, or deleted while being read: a file is never rewritten).
    if (!row) throw new Error('no such evidence');
    return row;
  };
  const first = await slice(0);
  if (first.size <= first.slice.byteLength) return asBytes(first.slice);
  const file = new Uint8Array(first.size);
  file.set(first.slice, 0);
  for (let from = first.slice.byteLength; from < first.size; ) {
    const next = (await slice(from)).slice;
    if (next.byteLength === 0) throw new Error('evidence file changed while read');
    file.set(next, from);
    from += next.byteLength;
  }
  return file;
}

/** A Uint8Array proper (pg gives a Buffer, a subclass with other `slice` and equality semantics). */
const asBytes = (bytes: Uint8Array) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Connections of the store's own pool (see serverEvidenceStore). */
const EVIDENCE_POOL_SIZE = 4;

/**
 * The database store on a PostgreSQL server, through a small pool of its own. Not the commands' pool:
 * `addEvidence` stores the bytes while its transaction holds one of that pool's connections, so with
 * every connection held by such a command each would wait for a free one forever; and a 20 MB transfer
 * never delays the short statements of the chat. Unnamed statements: they are few and cheap to plan.
 */
export function serverEvidenceStore(databaseUrl: string): EvidenceStore {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: EVIDENCE_POOL_SIZE, allowExitOnIdle: true });
  // A connection the server closes must not crash the process: the pool opens another one.
  pool.on('error', () => {});
  return databaseEvidenceStore(
    { query: async (text, values) => (await pool.query({ text, values })).rows },
    () => pool.end(),
  );
}

/**
 * Files nobody references, stored more than an hour ago: those of a process that died between storing
 * a file and recording it, or whose deletion after an erasure failed (core/storage/stored-files.ts
 * keeps a file it could not check). An hour is far longer than any command's transaction, whose rows
 * this statement cannot see until it commits. Returns how many were deleted.
 */
export async function pruneOrphanEvidenceFiles(sql: SqlRunner): Promise<number> {
  const rows = await sql.query<{ storage_key: string }>(
    `DELETE FROM evidence_file f
      WHERE f.created_at < now() - interval '1 hour'
        AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.storage_key = f.storage_key::text)
        AND NOT EXISTS (SELECT 1 FROM payout_proof pp WHERE pp.storage_key = f.storage_key::text)
      RETURNING f.storage_key`,
  );
  return rows.length;
}
