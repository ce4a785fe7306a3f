import type { FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

/**
 * A receipt code as a person may retype it: lower case, spaces or no dashes, and the letters
 * Crockford's base 32 leaves out because they look like digits (I, L → 1; O → 0). Returns the
 * canonical `XXXX-XXXX-XXXX`, or null when it cannot be a code.
 */
export function normalizeReceiptCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

/**
 * Looks the code up in the list published at closing. Nothing is stored: remembering which code a
 * person checked would link them to their ballot again, which closing deliberately undid.
 */
export async function checkReceipt(ctx: FlowContext, voteId: string, text: string): Promise<Reply> {
  const receipt = normalizeReceiptCode(text);
  if (!receipt) return { text: ctx.t('account:vote.receipt.badFormat'), expects: 'text' };
  const published = await ctx.core.query.publishedReceipts({ voteId });
  if (!published) {
    ctx.next(null);
    return { text: ctx.t('account:vote.receipt.notPublished') };
  }
  const ballot = published.find((row) => row.receiptCode === receipt);
  if (!ballot) {
    return {
      text: ctx.t('account:vote.receipt.notFound', { receipt, count: published.length }),
      expects: 'text',
    };
  }
  ctx.next(null);
  return {
    text: ctx.t('account:vote.receipt.found', {
      receipt,
      choice: ctx.t(`common:ballotChoice.${ballot.choice}`),
    }),
  };
}
