import type { Core } from '../../../core/core.ts';
import { formatDateTime, formatTimeLeft, type Locale } from '../../../core/i18n/index.ts';
import { pageUrl, resultsPath } from '../../web/paths.ts';
import { choiceId } from '../choice-id.ts';
import type { FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';

type BallotChoice = 'ACCEPT' | 'REFUSE' | 'ABSTAIN';
export type VoteCard = NonNullable<Awaited<ReturnType<Core['query']['voteCard']>>>;

/** One letter per choice keeps `vote:cast:<uuid>:A` at 48 bytes, well within the 64-byte button limit. */
const codeOfChoice: Record<BallotChoice, string> = { ACCEPT: 'A', REFUSE: 'R', ABSTAIN: 'X' };

export function choiceOfCode(code: string | undefined): BallotChoice | undefined {
  return (Object.keys(codeOfChoice) as BallotChoice[]).find((choice) => codeOfChoice[choice] === code);
}

/** « Accepter » « Refuser » « M'abstenir », one row, words for labels (screen readers read them). */
export function ballotChoices(t: FlowContext['t'], voteId: string): Choice[][] {
  return [
    (Object.keys(codeOfChoice) as BallotChoice[]).map((choice) => ({
      id: choiceId('vote', 'cast', voteId, codeOfChoice[choice]),
      label: t(`common:ballotChoice.${choice}`),
    })),
  ];
}

/** Under a result: check one's receipt in the published list, or take the whole list to recount it. */
export function closedVoteChoices(t: FlowContext['t'], voteId: string): Choice[][] {
  return [
    [
      { id: choiceId('vote', 'check', voteId), label: t('account:vote.button.check') },
      { id: choiceId('vote', 'list', voteId), label: t('account:vote.button.list') },
    ],
  ];
}

export const paris = (when: Date, locale: Locale) => formatDateTime(when, locale);

/**
 * The rule card shown on every ballot (product.md §5): the offer, the base and threshold, the quorum
 * when there is one, the deadline in Paris time and, while the vote runs, the turnout only.
 */
function ruleCard(ctx: FlowContext, card: VoteCard): string[] {
  const lines = [
    ctx.t('account:vote.card.header', { title: card.title[ctx.locale], round: card.round }),
    ctx.t('account:vote.card.terms', { terms: card.terms[ctx.locale] }),
    ctx.t('account:vote.card.rule', card.rule),
    // A vote closed early (everyone had voted) says when it really closed.
    card.closedAt
      ? ctx.t('account:vote.card.closedOn', { closedAt: paris(card.closedAt, ctx.locale) })
      : ctx.t('account:vote.card.deadline', { closesAt: paris(card.closesAt, ctx.locale) }),
  ];
  if (card.extension?.reason)
    lines.push(ctx.t('account:vote.card.extended', { reason: card.extension.reason }));
  return lines;
}

/**
 * A running vote: the card, what the offer would pay this person (`compensation`, worded by the
 * caller), their current choice if any, and the three buttons.
 */
export async function openVoteReply(ctx: FlowContext, card: VoteCard, compensation?: string): Promise<Reply> {
  const mine = await ctx.core.query.myBallot({ voteId: card.voteId, personId: ctx.personId });
  const [header = '', terms = '', ...rule] = ruleCard(ctx, card);
  const lines = [
    header,
    terms,
    // Right under the offer: what it means for this person, before the rule and the deadline.
    ...(compensation ? [compensation] : []),
    ...rule,
    ctx.t('account:vote.card.turnout', { ...card.turnout }),
    ...progress(ctx, card),
    ctx.t('account:vote.card.secret'),
    // R612-4: free to accept or refuse, the courts, the deadline… before the choice is asked.
    ctx.t('rights:reminder.vote', { closesAt: paris(card.closesAt, ctx.locale) }),
    mine
      ? ctx.t('account:vote.card.current', {
          choice: ctx.t(`common:ballotChoice.${mine.choice}`),
          receipt: mine.receiptCode,
        })
      : ctx.t('account:vote.card.ask'),
  ];
  return { text: lines.join('\n\n'), choices: ballotChoices(ctx.t, card.voteId), expects: 'choice' };
}

/**
 * Where a running vote stands against its rule, in counts that reveal no ballot (product.md §5: during
 * the vote, the turnout only): the « Accepter » the offer needs out of the electorate, or the votes still
 * missing for the quorum; then the time left.
 */
function progress(ctx: FlowContext, card: VoteCard): string[] {
  const { needed, turnout } = card;
  const lines: string[] = [];
  if (needed?.base === 'ELECTORATE') {
    lines.push(
      ctx.t('account:vote.card.needed_ELECTORATE', { count: turnout.electorate, accept: needed.accept }),
    );
  } else if (needed?.base === 'VOTES_CAST') {
    const missing = Math.max(0, needed.quorum - turnout.voted);
    lines.push(
      missing > 0
        ? ctx.t('account:vote.card.needed_VOTES_CAST', {
            count: missing,
            quorum: needed.quorum,
            electorate: turnout.electorate,
          })
        : ctx.t('account:vote.card.quorumReached'),
    );
  }
  const left = formatTimeLeft(card.closesAt, ctx.core.deps.clock.now(), ctx.locale);
  lines.push(ctx.t('account:vote.card.timeLeft', { left }));
  return lines;
}

/** A closed vote: the result, a way to check one's receipt in the published list, and the list itself. */
export function closedVoteReply(ctx: FlowContext, card: VoteCard): Reply {
  const lines = ruleCard(ctx, card);
  if (!card.result || card.result.outcome === 'VOIDED') {
    lines.push(ctx.t('account:vote.closed.voided'));
    return { text: lines.join('\n\n') };
  }
  lines.push(
    ctx.t('account:vote.closed.result', { outcome: card.result.outcome ?? '', ...card.result.tally }),
    `${ctx.t('account:vote.closed.checkHint')} ${ctx.t('account:vote.closed.listHint')}`,
  );
  // A public mediation's results have their page on the web site, the same check and list for anyone.
  if (ctx.publicUrl && card.publicSlug) {
    const url = pageUrl(ctx.publicUrl, ctx.locale, resultsPath(card.publicSlug, card.round));
    lines.push(ctx.t('conversation:sitePage', { url }));
  }
  return { text: lines.join('\n\n'), choices: closedVoteChoices(ctx.t, card.voteId), expects: 'choice' };
}
