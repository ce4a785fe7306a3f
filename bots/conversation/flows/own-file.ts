import type { Core } from '../../../core/core.ts';
import type { FlowContext } from '../flow.ts';

export type OwnFile = Awaited<ReturnType<Core['query']['myFiles']>>[number];

/** One of the person's own files; `myFiles` only ever returns theirs, so no one else's can leak. */
export async function loadOwnFile(ctx: FlowContext, participantId: string): Promise<OwnFile | undefined> {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  return files.find((file) => file.participantId === participantId);
}

/** « vos accords, le montant réclamé et la date du problème », in the person's language. */
export function missingItemsText(ctx: FlowContext, missing: readonly string[]): string {
  const names = missing.map((item) => ctx.t(`participants:missing.${item}`));
  return new Intl.ListFormat(ctx.locale, { type: 'conjunction' }).format(names);
}
