import type { CommandContext } from '../commands/context.ts';
import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { closeVoteNow } from './closing.ts';
import { voteRuleParams } from './rule-params.ts';

/** Reminds those who have not voted yet; never after closing (product.md §5). */
async function remindNonVoters(ctx: CommandContext, voteId: string, hoursLeft: 72 | 24): Promise<void> {
  const vote = await ctx.tx.vote.findUnique({
    where: { id: voteId },
    include: { offer: { include: { mediation: true } } },
  });
  if (!vote || vote.closedAt || ctx.now >= vote.closesAt) return;
  const { mediation } = vote.offer;
  ctx.notifyGroup(
    { group: 'nonVoters', voteId },
    {
      kind: 'voteReminder',
      textKey: 'votes:notify.voteReminder',
      dedupKey: `voteReminder${hoursLeft}h:${voteId}`,
      params: {
        title: { fr: mediation.titleFr, en: mediation.titleEn },
        closesAt: { date: vote.closesAt.toISOString() },
        hoursLeft,
        ...voteRuleParams(vote),
      },
      refs: { voteId, mediationId: mediation.id },
    },
  );
}

export const votesTimers: TimerHandlers = {
  voteClose: async (ctx, voteId) => {
    await closeVoteNow(ctx, voteId);
  },
  voteReminder72h: (ctx, voteId) => remindNonVoters(ctx, voteId, 72),
  voteReminder24h: (ctx, voteId) => remindNonVoters(ctx, voteId, 24),
};
