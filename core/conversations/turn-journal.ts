import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Platform } from '../db/generated/enums.ts';
import type { HeldUpdate } from './inbound-updates.ts';
import { decodeJson, encodeJson } from './json-codec.ts';

/** What one handling of an update read and committed, by `entryKey`: results, encoded. */
export type Journal = Record<string, unknown>;

/**
 * One inbound update being handled. A turn may commit a core command and die before its conversation
 * state is saved; handled again, it must act once and answer as the first handling would have. So the
 * turn is replayed: each command it commits writes, in its own transaction, the results of everything
 * the turn read and did so far (queries included) into the update's row; the same calls handled again
 * get those results back instead of running — the replay sees what the first handling saw, not what
 * its own commit changed since. A call is known by what it is, its input and how many such calls came
 * before in this turn — not by position, so a replay that takes another path never picks up another
 * call's result.
 */
export interface Turn {
  platform: Platform;
  updateId: string;
  /** The instance holding the update's lease: a commit of anyone else is refused (`LeaseLost`). */
  holder: string;
  /** What a previous handling left, as stored. */
  recorded: Journal;
  /** This handling's results so far (raw values), written with each command it commits. */
  results: Map<string, unknown>;
  /** Calls seen in this handling, by what and input: the occurrence counter. */
  calls: Map<string, number>;
}

const current = new AsyncLocalStorage<Turn>();

/**
 * Runs one handling of an update, from the journal the update left. A handling that must run again
 * (another instance saved the conversation first) starts from `journalOf` this one.
 */
export function runInTurn<T>(update: HeldUpdate, work: (turn: Turn) => Promise<T>): Promise<T> {
  const state: Turn = {
    platform: update.platform,
    updateId: update.updateId,
    holder: update.holder,
    recorded: update.journal,
    results: new Map(),
    calls: new Map(),
  };
  return current.run(state, () => work(state));
}

/** Everything this handling read and did, as a journal to start the next handling from. */
export function journalOf(turn: Turn): Journal {
  return JSON.parse(encodeJson(Object.fromEntries(turn.results)));
}

export function currentTurn(): Turn | undefined {
  return current.getStore();
}

/**
 * Runs a call of the turn (`what`: a command or query name, with its input) or, when a previous
 * handling of the update recorded it, gives its result back; either way it is kept for the journal.
 */
export async function replayed<T>(
  turn: Turn,
  what: string,
  input: unknown,
  run: () => Promise<T>,
): Promise<T> {
  const key = entryKey(turn, what, input);
  const value = key in turn.recorded ? (decodeJson(turn.recorded[key]) as T) : await run();
  turn.results.set(key, value);
  return value;
}

/** The key of this call in the turn's journal; advances the turn's count of identical calls. */
export function entryKey(turn: Turn, what: string, input: unknown): string {
  const call = `${what}:${createHash('sha256').update(encodeJson(input)).digest('base64url').slice(0, 22)}`;
  const occurrence = (turn.calls.get(call) ?? 0) + 1;
  turn.calls.set(call, occurrence);
  return `${call}:${occurrence}`;
}

/** The result a previous handling recorded under `key`, if any. */
export function recordedResult(turn: Turn, key: string): { found: true; value: unknown } | { found: false } {
  return key in turn.recorded ? { found: true, value: decodeJson(turn.recorded[key]) } : { found: false };
}

/**
 * The turn's journal — everything it read and did so far, this command's result included — to write into
 * the update's row inside the transaction of the command that produced `value`, only while this
 * instance still holds the update (`holder`). The command runner writes it with the command's other effects.
 */
export function journalWrite(turn: Turn, key: string, value: unknown): JournalWrite {
  turn.results.set(key, value);
  return {
    platform: turn.platform,
    updateId: turn.updateId,
    holder: turn.holder,
    journal: encodeJson(Object.fromEntries(turn.results)),
  };
}

export interface JournalWrite {
  platform: Platform;
  updateId: string;
  holder: string;
  journal: string;
}

/** This instance no longer holds the update it was handling: nothing it does now may be committed. */
export class LeaseLost extends Error {
  constructor() {
    super('the update was taken over by another instance');
  }
}
