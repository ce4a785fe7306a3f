import { postAuditHeadAfterVoteClose } from '../audit/head-publication.ts';
import type { CommandContext } from '../commands/context.ts';
import type { BallotChoice } from '../db/generated/enums.ts';
import { moveMediation } from '../mediations/lifecycle.ts';
import { announceVoteResult } from '../mediations/news.ts';
import { type Counts, decide, type VoteRule } from './tally.ts';

export interface VoteResult {
  voteId: string;
  outcome: 'ACCEPTED' | 'REJECTED';
  counts: Counts;
  quorumMet: boolean;
}

/** The values every message about a vote shows on its rule card (product.md §5). */
export function voteRuleParams(rule: VoteRule) {
  return {
    base: rule.voteBase,
    thresholdPercent: Math.round((100 * rule.thresholdNumerator) / rule.thresholdDenominator),
    quorumPercent:
      rule.voteBase === 'VOTES_CAST' ? Math.round((100 * rule.quorumNumerator) / rule.quorumDenominator) : 0,
  };
}

/**
 * Closes a vote exactly once: the vote row is locked, so of two concurrent closes (two instances, a
 * mediator and the clock) the second sees it closed and does nothing. The tally is computed by the
 * database; then the link participant → ballot is deleted and the result announced.
 * Returns null when the vote was already closed.
 */
export async function closeVoteNow(ctx: CommandContext, voteId: string): Promise<VoteResult | null> {
  const [vote] = await ctx.tx.$queryRaw<
    (VoteRule & {
      closedAt: Date | null;
      mediationId: string;
      offerId: string;
      round: number;
      electorate: number;
    })[]
  >`
    SELECT v.closed_at AS "closedAt", v.electorate_size AS "electorate", v.vote_base AS "voteBase",
      v.threshold_numerator AS "thresholdNumerator", v.threshold_denominator AS "thresholdDenominator",
      v.quorum_numerator AS "quorumNumerator", v.quorum_denominator AS "quorumDenominator",
      o.mediation_id AS "mediationId", o.id AS "offerId", o.round
    FROM vote v JOIN offer o ON o.id = v.offer_id WHERE v.id = ${voteId}::uuid FOR UPDATE OF v`;
  if (!vote || vote.closedAt) return null;

  const counts = await countBallots(ctx, voteId, vote.electorate);
  const decision = decide(vote, counts);
  const outcome = decision.accepted ? 'ACCEPTED' : 'REJECTED';
  await ctx.tx.vote.update({
    where: { id: voteId },
    data: {
      closedAt: ctx.now,
      outcome,
      electorateSize: counts.electorate,
      acceptCount: counts.accept,
      refuseCount: counts.refuse,
      abstainCount: counts.abstain,
    },
  });
  await ctx.tx.offer.update({ where: { id: vote.offerId }, data: { status: outcome } });
  await moveMediation(ctx, vote.mediationId, outcome, {}, { round: vote.round });
  await unlinkBallots(ctx, voteId);
  await postAuditHeadAfterVoteClose(ctx, voteId);
  ctx.audit({
    action: 'vote.closed',
    mediationId: vote.mediationId,
    subjectId: voteId,
    details: { outcome, ...counts, quorumMet: decision.quorumMet },
  });

  const mediation = await ctx.tx.mediation.findUniqueOrThrow({ where: { id: vote.mediationId } });
  const params = {
    title: { fr: mediation.titleFr, en: mediation.titleEn },
    round: vote.round,
    outcome,
    electorate: counts.electorate,
    accept: counts.accept,
    refuse: counts.refuse,
    abstain: counts.abstain,
    ...voteRuleParams(vote),
  };
  const refs = { voteId, mediationId: vote.mediationId };
  ctx.notifyGroup(
    { group: 'participants', mediationId: vote.mediationId },
    {
      kind: 'voteResult',
      textKey: `votes:notify.voteResult_${outcome}`,
      dedupKey: `voteResult:${voteId}`,
      params,
      refs,
    },
  );
  ctx.notifyMediators({
    kind: 'voteClosed',
    textKey: 'votes:notify.voteClosedMediators',
    dedupKey: `voteClosed:${voteId}`,
    params,
    refs,
  });
  announceVoteResult(ctx, mediation, {
    voteId,
    round: vote.round,
    outcome,
    counts,
    thresholdPercent: params.thresholdPercent,
  });
  return { voteId, outcome, counts, quorumMet: decision.quorumMet };
}

/**
 * Ends a running vote without a result because its offer is being replaced (an offer under vote is
 * never edited). Ballots are deleted: they were cast on terms that no longer exist.
 */
export async function voidRunningVote(ctx: CommandContext, offerId: string): Promise<void> {
  const [vote] = await ctx.tx.$queryRaw<{ id: string; mediation_id: string }[]>`
    SELECT v.id, o.mediation_id FROM vote v JOIN offer o ON o.id = v.offer_id
    WHERE v.offer_id = ${offerId}::uuid AND v.closed_at IS NULL FOR UPDATE OF v`;
  if (!vote) return;
  await ctx.tx.vote.update({ where: { id: vote.id }, data: { closedAt: ctx.now, outcome: 'VOIDED' } });
  await ctx.tx.ballot.deleteMany({ where: { voteId: vote.id } });
  await cancelVoteClocks(ctx, vote.id);
  ctx.audit({ action: 'vote.voided', mediationId: vote.mediation_id, subjectId: vote.id });
  ctx.notifyGroup(
    { group: 'electorate', voteId: vote.id },
    {
      kind: 'voteCancelled',
      textKey: 'votes:notify.voteCancelled',
      dedupKey: `voteCancelled:${vote.id}`,
      refs: { voteId: vote.id, mediationId: vote.mediation_id },
    },
  );
}

/** The tally, by the database: one GROUP BY over the vote's ballots, whatever their number. */
async function countBallots(ctx: CommandContext, voteId: string, electorate: number): Promise<Counts> {
  const rows = await ctx.tx.$queryRaw<{ choice: BallotChoice; n: number }[]>`
    SELECT choice, count(*)::int AS n FROM ballot WHERE vote_id = ${voteId}::uuid GROUP BY choice`;
  const of = (choice: BallotChoice) => rows.find((row) => row.choice === choice)?.n ?? 0;
  return { electorate, accept: of('ACCEPT'), refuse: of('REFUSE'), abstain: of('ABSTAIN') };
}

/** product.md §5: after closing, nobody can ever tell whose ballot is whose again. */
async function unlinkBallots(ctx: CommandContext, voteId: string): Promise<void> {
  await ctx.tx.$executeRaw`DELETE FROM ballot_link WHERE vote_id = ${voteId}::uuid`;
  await cancelVoteClocks(ctx, voteId);
}

/** The close and both reminders of a vote, in one statement. */
async function cancelVoteClocks(ctx: CommandContext, voteId: string): Promise<void> {
  await ctx.tx.timer.updateMany({
    where: {
      subjectId: voteId,
      kind: { in: ['voteClose', 'voteReminder72h', 'voteReminder24h'] },
      firedAt: null,
    },
    data: { cancelledAt: ctx.now },
  });
}
