import type { Core } from '../../../core/core.ts';
import { formatDateTime, formatList, formatMoney } from '../../../core/i18n/index.ts';
import type { FlowContext } from '../flow.ts';

export type OwnFile = Awaited<ReturnType<Core['query']['myFiles']>>[number];

/** One of the person's own files; `myFiles` only ever returns theirs, so no one else's can leak. */
export async function loadOwnFile(ctx: FlowContext, participantId: string): Promise<OwnFile | undefined> {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  return files.find((file) => file.participantId === participantId);
}

/** The person's file in a mediation, if they have one: what lets them see its votes. */
export async function fileIn(ctx: FlowContext, mediationId: string): Promise<OwnFile | undefined> {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  return files.find((file) => file.mediation.id === mediationId);
}

export async function hasFileIn(ctx: FlowContext, mediationId: string): Promise<boolean> {
  return (await fileIn(ctx, mediationId)) !== undefined;
}

/** « vos accords, le montant réclamé et la date du problème », in the person's language. */
export function missingItemsText(ctx: FlowContext, missing: readonly string[]): string {
  const names = missing.map((item) => ctx.t(`participants:missing.${item}`));
  return formatList(names, ctx.locale);
}

/** Whose money, how much, and where it stands: the payout once there is one, else what the offer would pay. */
export function moneyLine(ctx: FlowContext, file: OwnFile): string | undefined {
  const { payout, compensation } = file;
  if (payout) {
    return ctx.t(`agreement:chat.payout.${payout.status}`, {
      amount: formatMoney(payout.amountCents, ctx.locale),
      sentAt: payout.sentAt ? formatDateTime(payout.sentAt, ctx.locale) : '',
    });
  }
  // An offer voted down or an adhesion window closed without them covers nothing any more.
  const deciding = ['VOTING', 'ACCEPTED', 'ADHESION'].includes(file.mediation.status);
  if (!compensation || !deciding) return undefined;
  return ctx.t(`agreement:chat.compensation.${compensation.offerStatus}`, {
    amount: formatMoney(compensation.amountCents, ctx.locale),
  });
}
