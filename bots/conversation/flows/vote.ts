import { personActor } from '../../../core/domain/actor.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';
import { fileIn, hasFileIn, moneyLine } from './own-file.ts';
import { checkReceipt } from './receipt-check.ts';
import { ballotChoices, choiceOfCode, closedVoteReply, openVoteReply, paris } from './vote-card.ts';
import { publishedListReply } from './vote-list.ts';

/**
 * `/voter` and the ballot buttons (from the card or straight from the notification): the rule card,
 * casting and changing one's vote, and after closing the result, the receipt check and the list.
 */
export const voteFlow: Flow = {
  name: 'vote',
  commands: ['voter'],

  async start(ctx) {
    const awaiting = await ctx.core.query.votesAwaiting({ personId: ctx.personId });
    if (awaiting.length === 0) return lastClosedVote(ctx);
    if (awaiting.length === 1) return showVote(ctx, awaiting[0]?.voteId ?? '');
    const cards = await Promise.all(awaiting.map(({ voteId }) => ctx.core.query.voteCard({ voteId })));
    const choices = cards.flatMap((card) =>
      card
        ? [
            [
              {
                id: choiceId('vote', 'open', card.voteId),
                label: ctx.t('account:vote.pickLabel', {
                  title: card.title[ctx.locale],
                  closesAt: paris(card.closesAt, ctx.locale),
                }),
              },
            ],
          ]
        : [],
    );
    return [{ text: ctx.t('account:vote.pick', { count: choices.length }), choices, expects: 'choice' }];
  },

  async onChoice(ctx, action, [voteId = '', code]) {
    if (action === 'open') return showVote(ctx, voteId);
    if (action === 'cast') return cast(ctx, voteId, code);
    if (action === 'list') return publishedListReply(ctx, voteId);
    if (action === 'check') {
      const card = await ctx.core.query.voteCard({ voteId });
      if (!card || !(await hasFileIn(ctx, card.mediationId)))
        return [{ text: ctx.t('account:vote.notYours') }];
      if (card.status !== 'closed') return [{ text: ctx.t('account:vote.receipt.notPublished') }];
      ctx.next('vote', 'receipt', { voteId });
      return [{ text: ctx.t('account:vote.receipt.ask'), expects: 'text' }];
    }
    return [{ text: ctx.t('conversation:staleButton') }];
  },

  async onInput(ctx, event) {
    const voteId = ctx.state.data.voteId;
    if (ctx.state.step !== 'receipt' || typeof voteId !== 'string') {
      ctx.next(null);
      return [{ text: ctx.t('conversation:nothingPending') }];
    }
    if (event.type !== 'text') return [{ text: ctx.t('account:vote.receipt.badFormat'), expects: 'text' }];
    return [await checkReceipt(ctx, voteId, event.text)];
  },
};

/**
 * No vote running: the last closed vote of the person's mediations, so its receipt check and list stay
 * one command away once the result's message has scrolled out of sight.
 */
async function lastClosedVote(ctx: FlowContext): Promise<Reply[]> {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  const mediationIds = [...new Set(files.map((file) => file.mediation.id))];
  const closed = await Promise.all(
    mediationIds.map((mediationId) => ctx.core.query.lastClosedVoteOfMediation({ mediationId })),
  );
  const latest = closed
    .filter((vote) => vote !== null)
    .sort((a, b) => b.closedAt.getTime() - a.closedAt.getTime())[0];
  const card = latest && (await ctx.core.query.voteCard({ voteId: latest.voteId }));
  if (!card) return [{ text: ctx.t('account:vote.none') }];
  return [{ text: ctx.t('account:vote.noneRunning') }, closedVoteReply(ctx, card)];
}

async function showVote(ctx: FlowContext, voteId: string): Promise<Reply[]> {
  const card = await ctx.core.query.voteCard({ voteId });
  const file = card && (await fileIn(ctx, card.mediationId));
  if (!card || !file) return [{ text: ctx.t('account:vote.notYours') }];
  if (card.status === 'closed') return [closedVoteReply(ctx, card)];
  const awaiting = await ctx.core.query.votesAwaiting({ personId: ctx.personId });
  // Joined after the vote opened, or withdrew since: the card is theirs to read, the ballot is not.
  if (!awaiting.some((vote) => vote.voteId === voteId)) {
    return [{ text: ctx.t('votes:errors.notInElectorate') }];
  }
  return [await openVoteReply(ctx, card, moneyLine(ctx, file))];
}

async function cast(ctx: FlowContext, voteId: string, code: string | undefined): Promise<Reply[]> {
  const choice = choiceOfCode(code);
  if (!choice) return [{ text: ctx.t('conversation:staleButton') }];
  // Read before casting only to word the answer ("changed" or "first"); the core decides what counts.
  const before = await ctx.core.query.myBallot({ voteId, personId: ctx.personId });
  const cast = await ctx.core.castBallot(personActor(ctx.personId), { voteId, choice });
  const card = await ctx.core.query.voteCard({ voteId });
  if (!cast.ok) {
    const replies: Reply[] = [{ text: ctx.explain(cast.error) }];
    if (card?.status === 'closed' && (await hasFileIn(ctx, card.mediationId))) {
      replies.push(closedVoteReply(ctx, card));
    }
    return replies;
  }
  const params = {
    choice: ctx.t(`common:ballotChoice.${cast.value.choice}`),
    receipt: cast.value.receiptCode,
    closesAt: card ? paris(card.closesAt, ctx.locale) : '',
  };
  const key = !cast.value.changed ? 'unchanged' : before ? 'changed' : 'first';
  // The buttons stay under the answer: changing one's mind is one tap away until closing.
  return [{ text: ctx.t(`account:vote.cast.${key}`, params), choices: ballotChoices(ctx.t, voteId) }];
}
