/**
 * What a caller gets back when a command refuses: a stable code, the locale key that explains it to a
 * person, and the values that key interpolates. Nothing here is a raw database error.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'ILLEGAL_TRANSITION'
  | 'RULE_VIOLATION'
  | 'CONFLICT'
  | 'INTERNAL';

export interface CoreError {
  code: ErrorCode;
  /** An i18n key, `namespace:key`: generic ones in locales/<lang>/errors.json (`errors:forbidden`), rule-specific ones in their area's file (`votes:errors.voteClosed`). */
  messageKey: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CoreError };

/** Thrown inside a command to abort its transaction; the runner turns it into a `Result`. */
export class CommandRefused extends Error {
  constructor(
    readonly error: CoreError,
    /** Commit what the command wrote before refusing (see `refuseKeepingChanges`). */
    readonly keepChanges = false,
  ) {
    super(error.messageKey);
    this.name = 'CommandRefused';
  }
}

export function refuse(code: ErrorCode, messageKey: string, params?: CoreError['params']): never {
  throw new CommandRefused({ code, messageKey, params });
}

/**
 * A refusal that must leave a trace: what the command wrote before it (a failed attempt counted against
 * guessing, its audit entry) is committed, and the caller still gets the refusal.
 */
export function refuseKeepingChanges(
  code: ErrorCode,
  messageKey: string,
  params?: CoreError['params'],
): never {
  throw new CommandRefused({ code, messageKey, params }, true);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** For code that cannot go on without a success (tests, scripts): returns the value or throws. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new Error(
    `${result.error.code}: ${result.error.messageKey} ${JSON.stringify(result.error.params ?? {})}`,
  );
}
