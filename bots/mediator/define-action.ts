import type { CoreError, Result } from '../../core/domain/errors.ts';
import { type Locale, renderError, type TextParams, t } from '../../core/i18n/index.ts';
import type { ActionContext, ActionResult, MediatorAction } from './action.ts';

/** Stops an action with a refusal the mediator reads (a core refusal, a mediation not found…). */
export class ActionRefused extends Error {
  constructor(readonly error: CoreError) {
    super(error.messageKey);
    this.name = 'ActionRefused';
  }
}

/**
 * Declares an action. Its `run` may stop half-way with `ActionRefused` (through `need` or `refuseAction`):
 * whoever calls it still gets an `ActionResult`, never that exception.
 */
export function defineAction<Args>(action: MediatorAction<Args>): MediatorAction<Args> {
  return {
    ...action,
    async run(ctx, args) {
      try {
        return await action.run(ctx, args);
      } catch (error) {
        if (error instanceof ActionRefused) return failure(ctx.locale, error.error);
        throw error;
      }
    },
  };
}

export function failure(locale: Locale, error: CoreError): ActionResult {
  return { ok: false, text: renderError(locale, error), error };
}

export function refuseAction(
  code: CoreError['code'],
  messageKey: string,
  params?: CoreError['params'],
): never {
  throw new ActionRefused({ code, messageKey, params });
}

/** The value of a core command's result, or the action stops with its refusal. */
export function need<T>(result: Result<T>): T {
  if (!result.ok) throw new ActionRefused(result.error);
  return result.value;
}

export function succeed(
  text: string,
  data: unknown,
  handOver: Pick<Extract<ActionResult, { ok: true }>, 'file' | 'files'> = {},
) {
  return { ok: true as const, text, data, ...handOver };
}

/** `t` in the action's language. */
export function sayer(ctx: ActionContext) {
  return (key: string, params?: TextParams) => t(ctx.locale, key, params);
}
