import { LIST_MIME_TYPE, listFileName } from '../../../core/votes/published-list.ts';
import type { FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';
import { hasFileIn } from './own-file.ts';

/**
 * « Télécharger la liste » under a closed vote: the list published at its close, as the file anyone
 * recounts (published-list.ts), with its recorded sha256 to compare. Open to whoever has a file in the
 * mediation, as the receipt check is; nothing is stored about who downloaded it.
 */
export async function publishedListReply(ctx: FlowContext, voteId: string): Promise<Reply[]> {
  const card = await ctx.core.query.voteCard({ voteId });
  // No card under this id ever offered the button, nor under a voided vote (it published nothing).
  if (!card || card.result?.outcome === 'VOIDED') return [{ text: ctx.t('conversation:staleButton') }];
  if (!(await hasFileIn(ctx, card.mediationId))) return [{ text: ctx.t('account:vote.notYours') }];
  const list = card.status === 'closed' ? await ctx.core.query.publishedReceipts({ voteId }) : null;
  if (list === null) return [{ text: ctx.t('account:vote.receipt.notPublished') }];
  const digest = card.result?.sha256;
  return [
    {
      text: digest ? ctx.t('account:vote.list.file', { digest }) : ctx.t('account:vote.list.fileUnhashed'),
      file: { name: listFileName(voteId), mimeType: LIST_MIME_TYPE, bytes: Buffer.from(list, 'utf8') },
    },
  ];
}
