import type { z } from 'zod';
import { auditEntries } from '../audit/audit-log.ts';
import {
  currentTurn,
  entryKey,
  type JournalWrite,
  journalWrite,
  LeaseLost,
  recordedResult,
  type Turn,
} from '../conversations/turn-journal.ts';
import type { SqlTx, Tx } from '../db/connect.ts';
import type { CoreDeps } from '../deps.ts';
import { type Actor, actorLabel } from '../domain/actor.ts';
import { CommandRefused, type CoreError, type Result } from '../domain/errors.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';
import type { CommandContext, Notification, NotificationGroup, PendingEffects } from './context.ts';

/** `Input` is what `run` receives (after parsing); `Raw` is what callers pass (before defaults apply). */
export interface Command<Input, Output, Raw = Input> {
  name: string;
  /** The kinds of actor allowed to run it; anyone else is refused before anything is read. */
  actors: readonly Actor['kind'][];
  input: z.ZodType<Input, Raw>;
  run(ctx: CommandContext, input: Input, deps: CoreDeps): Promise<Output>;
  /**
   * For commands run on every inbound message: the output, read without a transaction, when running
   * the command would change nothing; `undefined` to run it.
   */
  unchanged?(input: Input, deps: CoreDeps): Promise<Output | undefined>;
  /** How long its transaction may run before it is rolled back; 30 s unless the command says otherwise. */
  transactionTimeoutMs?: number;
  /** Set by `defineSqlCommand`: its transaction runs straight on the driver, without Prisma's client. */
  sqlOnly?: boolean;
}

const TRANSACTION_TIMEOUT_MS = 30_000;

export function defineCommand<Input, Output, Raw = Input>(
  command: Command<Input, Output, Raw>,
): Command<Input, Output, Raw> {
  return command;
}

/**
 * A command written in SQL only (`ctx.tx.$queryRaw`, `$executeRaw`): for those run at every ballot or
 * message. Prisma's client spent more CPU per statement than PostgreSQL did (bench: cast-ballot).
 */
export function defineSqlCommand<Input, Output, Raw = Input>(
  command: Omit<Command<Input, Output, Raw>, 'run' | 'sqlOnly'> & {
    run(ctx: CommandContext<SqlTx>, input: Input, deps: CoreDeps): Promise<Output>;
  },
): Command<Input, Output, Raw> {
  return { ...command, sqlOnly: true };
}

/** Transient conflicts worth one more try: serialization failures and deadlocks. */
const RETRYABLE = new Set(['P2034', '40001', '40P01']);
const MAX_ATTEMPTS = 3;

/**
 * Runs a command as one transaction: input check, rule check, state change, audit entries, outbox rows
 * and timers all commit together or not at all. A refusal or a database error becomes a `CoreError`.
 * Its duration, whatever the outcome, goes to the command latency histogram.
 */
export async function execute<Input, Output>(
  deps: CoreDeps,
  command: Command<Input, Output>,
  actor: Actor,
  rawInput: unknown,
): Promise<Result<Output>> {
  const stopTimer = deps.metrics?.commandSeconds.startTimer({ command: command.name });
  try {
    return await executeOnce(deps, command, actor, rawInput);
  } finally {
    stopTimer?.();
  }
}

async function executeOnce<Input, Output>(
  deps: CoreDeps,
  command: Command<Input, Output>,
  actor: Actor,
  rawInput: unknown,
): Promise<Result<Output>> {
  if (!command.actors.includes(actor.kind)) {
    return { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors:forbidden' } };
  }
  const parsed = command.input.safeParse(rawInput);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'input';
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', messageKey: 'errors:invalidInput', params: { field } },
    };
  }
  // Handling an inbound update again after a crash: what this call committed then is its answer now.
  const turn = currentTurn();
  const journalKey = turn && entryKey(turn, command.name, parsed.data);
  if (turn && journalKey) {
    const recorded = recordedResult(turn, journalKey);
    if (recorded.found) {
      turn.results.set(journalKey, recorded.value);
      return recorded.value as Result<Output>;
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const same = await command.unchanged?.(parsed.data, deps);
      if (same !== undefined) return { ok: true, value: same };
      const journal = turn && journalKey ? { turn, key: journalKey } : undefined;
      const work = async (tx: Tx): Promise<{ value: Output } | { refused: CoreError }> => {
        try {
          return { value: await runInTransaction(deps, command, actor, parsed.data, tx, journal) };
        } catch (error) {
          // Returning (not throwing) commits what a `refuseKeepingChanges` refusal wanted kept.
          if (!(error instanceof CommandRefused && error.keepChanges)) throw error;
          return { refused: error.error };
        }
      };
      const timeout = command.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS;
      const outcome = command.sqlOnly
        ? // Its `run` was typed to use nothing but SQL (defineSqlCommand).
          await deps.db.transaction((tx) => work(tx as Tx), timeout)
        : await deps.db.prisma.$transaction(work, { timeout, maxWait: 30_000 });
      if ('refused' in outcome) return { ok: false, error: outcome.refused };
      return { ok: true, value: outcome.value };
    } catch (error) {
      if (error instanceof CommandRefused) return { ok: false, error: error.error };
      if (error instanceof LeaseLost) throw error;
      const code = databaseErrorCode(error);
      if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
      return { ok: false, error: describeFailure(deps, command.name, error, code) };
    }
  }
}

/**
 * `journal`: run for an inbound update (see turn-journal.ts), the result goes into the update's journal
 * in the same transaction, so that handled again the update gets it back instead of acting twice.
 */
export async function runInTransaction<Input, Output>(
  deps: CoreDeps,
  command: Command<Input, Output>,
  actor: Actor,
  input: Input,
  tx: Tx,
  journal?: { turn: Turn; key: string },
): Promise<Output> {
  // Everything below uses SQL only, so that it serves `defineSqlCommand` commands as well.
  const now = deps.clock.now();
  const effects: PendingEffects = { audit: [], outbox: [] };
  const queue = (
    audience: 'person' | 'mediators' | 'group' | 'public',
    personId: string | null,
    notification: Notification,
    group?: NotificationGroup,
  ) =>
    effects.outbox.push({
      dedupKey: notification.dedupKey,
      personId,
      audience,
      kind: notification.kind,
      payload: {
        textKey: notification.textKey,
        params: notification.params ?? {},
        refs: notification.refs ?? {},
        ...(group ? { group } : {}),
      },
      nextAttemptAt: now,
      createdAt: now,
    });
  const ctx: CommandContext = {
    tx,
    now,
    actor,
    audit: (record) => effects.audit.push(record),
    notifyPerson: (personId, notification) => queue('person', personId, notification),
    notifyMediators: (notification) => queue('mediators', null, notification),
    notifyGroup: (group, notification) => queue('group', null, notification, group),
    announcePublicly: (news) => queue('public', null, news),
    schedule: (kind, subjectId, dueAt) => scheduleTimer(tx, kind, subjectId, dueAt),
    cancelTimer: async (kind, subjectId) => {
      await tx.$executeRaw`
        UPDATE timer SET cancelled_at = ${now}
        WHERE kind = ${kind} AND subject_id = ${subjectId}::uuid AND fired_at IS NULL`;
    },
  };
  const journaled = (result: Result<unknown>) => journal && journalWrite(journal.turn, journal.key, result);
  let output: Output;
  try {
    output = await command.run(ctx, input, deps);
  } catch (error) {
    if (error instanceof CommandRefused && error.keepChanges)
      await writeEffects(tx, actor, now, effects, journaled({ ok: false, error: error.error }));
    throw error;
  }
  await writeEffects(tx, actor, now, effects, journaled({ ok: true, value: output }));
  return output;
}

/**
 * What a command leaves besides its own changes — its outbox rows, its audit entries and, for an inbound
 * update, the turn's journal — in one statement, last in its transaction (a chain's lock is then held
 * only until the commit): three round trips, at every message, were three times the parsing and waiting.
 */
async function writeEffects(
  tx: SqlTx,
  actor: Actor,
  now: Date,
  effects: PendingEffects,
  journal: JournalWrite | undefined,
): Promise<void> {
  const outbox = effects.outbox.length > 0 ? JSON.stringify(effects.outbox) : null;
  const audit = effects.audit.length > 0 ? auditEntries(actorLabel(actor), now, effects.audit) : null;
  if (!outbox && !audit && !journal) return;
  // A notification already queued for this person and event is skipped, never sent twice.
  const [written] = await tx.$queryRaw<{ journaled: number }[]>`
    WITH outbox AS (
      INSERT INTO outbox_message (dedup_key, person_id, audience, kind, payload, next_attempt_at, created_at)
      SELECT "dedupKey", "personId", audience, kind, payload, "nextAttemptAt", "createdAt"
      FROM jsonb_to_recordset(coalesce(${outbox}::jsonb, '[]')) AS row("dedupKey" text,
        "personId" uuid, audience text, kind text, payload jsonb, "nextAttemptAt" timestamptz,
        "createdAt" timestamptz)
      ON CONFLICT (dedup_key) DO NOTHING),
    journal AS (
      UPDATE inbound_update SET journal = ${journal?.journal ?? null}::jsonb
      WHERE platform = ${journal?.platform ?? null}::"Platform" AND update_id = ${journal?.updateId ?? null}
        AND leased_by = ${journal?.holder ?? null} AND status = 'received'
      RETURNING 1),
    -- Read below only so that it runs: a WITH query that writes nothing itself is skipped when unread.
    audit AS (SELECT append_audit_entries(coalesce(${audit}::jsonb, '[]')))
    SELECT (SELECT count(*) FROM journal)::int AS journaled, (SELECT count(*) FROM audit)::int AS audited`;
  // Another instance took the update over (this one was too slow): its handling is the one that acts.
  if (journal && written?.journaled !== 1) throw new LeaseLost();
}

async function scheduleTimer(tx: SqlTx, kind: TimerKind, subjectId: string, dueAt: Date): Promise<void> {
  // A timer that already fired stays fired: every clock acts once per subject. A moved timer starts
  // afresh: the failures of its handler at the old time no longer delay it.
  await tx.$executeRaw`
    INSERT INTO timer (kind, subject_id, due_at) VALUES (${kind}, ${subjectId}::uuid, ${dueAt})
    ON CONFLICT (kind, subject_id) DO UPDATE SET due_at = EXCLUDED.due_at, cancelled_at = NULL,
      attempts = 0, last_error = NULL, retry_at = NULL
    WHERE timer.fired_at IS NULL`;
}

/**
 * The most precise code an error carries: PostgreSQL's own (`23505`, `40P01`…), which Prisma wraps
 * inside a P2010 for raw queries, before Prisma's (`P2002`, `P2034`).
 */
function databaseErrorCode(error: unknown): string | undefined {
  const candidate = error as {
    code?: unknown;
    cause?: { code?: unknown; originalCode?: unknown };
    meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
  for (const code of [
    candidate?.meta?.driverAdapterError?.cause?.originalCode,
    candidate?.cause?.originalCode,
    candidate?.code,
    candidate?.meta?.code,
    candidate?.cause?.code,
  ]) {
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describeFailure(
  deps: CoreDeps,
  commandName: string,
  error: unknown,
  code: string | undefined,
): CoreError {
  if (code === 'P2002' || code === '23505') {
    return { code: 'CONFLICT', messageKey: 'errors:conflict' };
  }
  // Ours, not the person's: log enough to debug (never the input, which may hold personal data).
  deps.logger.error({ command: commandName, dbCode: code, err: safeErrorSummary(error) }, 'command failed');
  return { code: 'INTERNAL', messageKey: 'errors:internal' };
}

/** An error's name and first line, cut before any "DETAIL"/"Failing row" part that may echo values. */
export function safeErrorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split(/\n|DETAIL|Failing row/)[0]?.slice(0, 300) ?? 'unknown error';
}
