import { z } from 'zod';
import { LIST_MIME_TYPE, listFileName } from '../../../core/votes/published-list.ts';
import * as arg from '../arg-types.ts';
import { defineAction, refuseAction, sayer, succeed } from '../define-action.ts';
import { findMediation } from '../resolve.ts';

/**
 * The list a mediation's last closed vote published (receipt codes and choices, no names), handed to
 * the mediator as the very file participants download: written into `--out`'s folder by the command
 * line, uploaded to their direct messages by Slack. Named by its mediation, as every vote action is:
 * a mediator knows the mediation, rarely the vote's id. The list is public, so a look is not audited.
 */
export const voteList = defineAction({
  name: 'vote-list',
  summaryKey: 'mediator:actions.voteList.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const mediation = await findMediation(ctx, args.mediation);
    const vote = await ctx.core.query.lastClosedVoteOfMediation({ mediationId: mediation.id });
    const list = vote && (await ctx.core.query.publishedReceipts({ voteId: vote.voteId }));
    if (!vote || !list)
      return refuseAction('RULE_VIOLATION', 'mediator:errors.noClosedVote', { slug: mediation.slug });
    const say = sayer(ctx);
    // The header line is not a ballot; every other line ends with a line feed.
    const ballots = list.split('\n').length - 2;
    const lines = [
      say('mediator:voteList.done', { slug: mediation.slug, round: vote.round, count: ballots }),
      vote.sha256
        ? say('mediator:voteList.digest', { digest: vote.sha256 })
        : say('mediator:voteList.unhashed'),
    ];
    const file = { name: listFileName(vote.voteId), mimeType: LIST_MIME_TYPE, content: list };
    const data = {
      voteId: vote.voteId,
      round: vote.round,
      outcome: vote.outcome,
      ballots,
      sha256: vote.sha256,
    };
    // As `files`, so the command line writes it into `--out`'s folder, never over an earlier copy.
    return succeed(lines.join('\n'), data, { files: [file] });
  },
});
