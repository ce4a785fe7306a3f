import type { ActionResult } from '../../bots/mediator/action.ts';
import { findAction } from '../../bots/mediator/actions/index.ts';
import { runMediatorAction } from '../../bots/mediator/run-action.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import type { Locale } from '../../core/i18n/index.ts';
import type { TestCore } from '../support/core.ts';

export const MEDIATOR_ID = 'U0ACTIONS';

/** Runs one mediator action by name, as an interface would, with the words it collected. */
export async function act(
  t: TestCore,
  name: string,
  args: Record<string, unknown> = {},
  locale: Locale = 'fr',
): Promise<ActionResult> {
  const action = findAction(name);
  if (!action) throw new Error(`no action named ${name}`);
  return runMediatorAction(action, { core: t.core, actor: mediatorActor(MEDIATOR_ID), locale }, args);
}

/** The result of an action that must succeed. */
export async function done(
  t: TestCore,
  name: string,
  args: Record<string, unknown> = {},
  locale: Locale = 'fr',
) {
  const result = await act(t, name, args, locale);
  if (!result.ok) throw new Error(`${name} refused: ${result.text}`);
  return result;
}

/** The text of an action that must be refused. */
export async function refused(
  t: TestCore,
  name: string,
  args: Record<string, unknown> = {},
  locale: Locale = 'fr',
) {
  const result = await act(t, name, args, locale);
  if (result.ok) throw new Error(`${name} succeeded: ${result.text}`);
  return result;
}

/** The audit entries one action left, oldest first. */
export async function auditSince(t: TestCore, seq: bigint) {
  return t.db.prisma.auditEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: 'asc' } });
}

export async function lastSeq(t: TestCore): Promise<bigint> {
  const last = await t.db.prisma.auditEntry.findFirst({ orderBy: { seq: 'desc' } });
  return last?.seq ?? 0n;
}
