import { normalizeReceiptCode } from '../../../core/votes/receipt.ts';
import type { FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

/**
 * Looks the code up in the list published at closing, and checks that list against the audit log
 * (digest, counts, outcome) as `npm run verify-vote` does. Nothing is stored: remembering which code a
 * person checked would link them to their ballot again, which closing deliberately undid.
 */
export async function checkReceipt(ctx: FlowContext, voteId: string, text: string): Promise<Reply> {
  const receipt = normalizeReceiptCode(text);
  if (!receipt) return { text: ctx.t('account:vote.receipt.badFormat'), expects: 'text' };
  const check = await ctx.core.query.receiptCheck({ voteId, receipt });
  if (check.status === 'unhashed') {
    // Closed before lists were hashed: the receipt is looked up, there is no digest to check.
    const choice = check.receipt?.choice;
    if (!choice)
      return { text: ctx.t('account:vote.receipt.notFoundUnhashed', { receipt }), expects: 'text' };
    ctx.next(null);
    return { text: foundText(ctx, receipt, choice) };
  }
  if (check.status !== 'checked') {
    ctx.next(null);
    return { text: ctx.t('account:vote.receipt.notPublished') };
  }
  const { listed } = check.counts;
  const ballots = listed.accept + listed.refuse + listed.abstain;
  const choice = check.receipt?.choice;
  if (!choice) {
    const notFound = ctx.t('account:vote.receipt.notFound', { receipt, count: ballots });
    if (check.ok) return { text: notFound, expects: 'text' };
    return { text: `${notFound}\n\n${ctx.t('account:vote.receipt.listAltered')}`, expects: 'text' };
  }
  ctx.next(null);
  const proof = check.ok
    ? ctx.t('account:vote.receipt.listIntact', { digest: check.digest.recorded, count: ballots })
    : ctx.t('account:vote.receipt.listAltered');
  return { text: `${foundText(ctx, receipt, choice)}\n\n${proof}` };
}

function foundText(ctx: FlowContext, receipt: string, choice: string): string {
  return ctx.t('account:vote.receipt.found', { receipt, choice: ctx.t(`common:ballotChoice.${choice}`) });
}
