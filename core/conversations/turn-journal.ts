import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Tx } from '../db/connect.ts';
import type { Platform } from '../db/generated/enums.ts';
import { decodeJson, encodeJson } from './json-codec.ts';

/** What the commands of one update already committed, by `entryKey`: their results, encoded. */
export type Journal = Record<string, unknown>;

/**
 * One inbound update being handled. A turn may commit a core command and die before its conversation
 * state is saved; handled again, it must not act twice. So each command it runs records its result in
 * the update's row, in the command's own transaction, and the same call in the same turn handled again
 * gets that result back instead of running. A call is known by its command, its input and how many
 * such calls came before in this turn — not by position, so that a reply path which differs on the
 * second run (it reads what the first one changed) never picks up another call's result.
 */
export interface Turn {
  platform: Platform;
  updateId: string;
  journal: Journal;
  /** Calls seen in this run of the turn, by command and input: the occurrence counter. */
  seen: Map<string, number>;
}

const current = new AsyncLocalStorage<Turn>();

/** Runs one handling of an update (one attempt: the counters start again, the journal stays). */
export function runInTurn<T>(
  turn: Pick<Turn, 'platform' | 'updateId' | 'journal'>,
  work: () => Promise<T>,
): Promise<T> {
  return current.run({ ...turn, seen: new Map() }, work);
}

export function currentTurn(): Turn | undefined {
  return current.getStore();
}

/** The key of this call in the turn's journal; advances the turn's count of identical calls. */
export function entryKey(turn: Turn, command: string, input: unknown): string {
  const call = `${command}:${createHash('sha256').update(encodeJson(input)).digest('base64url').slice(0, 22)}`;
  const occurrence = (turn.seen.get(call) ?? 0) + 1;
  turn.seen.set(call, occurrence);
  return `${call}:${occurrence}`;
}

/** The result a previous handling of this turn committed for this call, if any. */
export function recordedResult(turn: Turn, key: string): { found: true; value: unknown } | { found: false } {
  return key in turn.journal ? { found: true, value: decodeJson(turn.journal[key]) } : { found: false };
}

/** Writes a result into the update's journal, inside the transaction of the command that produced it. */
export async function journalResult(tx: Tx, turn: Turn, key: string, value: unknown): Promise<void> {
  const entry = encodeJson(value ?? null);
  await tx.$executeRaw`
    UPDATE inbound_update
    SET journal = coalesce(journal, '{}'::jsonb) || jsonb_build_object(${key}::text, ${entry}::jsonb)
    WHERE platform = ${turn.platform}::"Platform" AND update_id = ${turn.updateId}`;
  turn.journal[key] = JSON.parse(entry);
}
