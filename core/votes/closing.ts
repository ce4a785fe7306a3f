import { postAuditHeadAfterVoteClose } from '../audit/head-publication.ts';
import type { CommandContext } from '../commands/context.ts';
import { moveMediation } from '../mediations/lifecycle.ts';
import { announceVoteResult } from '../mediations/news.ts';
import { LIST_HEADER, PUBLISH_LIST_SQL, type PublishedTally } from './published-list.ts';
import { voteTallyParams } from './rule-params.ts';
import { type Counts, decide, type VoteRule } from './tally.ts';

export interface VoteResult {
  voteId: string;
  outcome: 'ACCEPTED' | 'REJECTED';
  counts: Counts;
  quorumMet: boolean;
}

/**
 * Closes a vote exactly once: the vote row is locked, so of two concurrent closes (two instances, a
 * mediator and the clock) the second sees it closed and does nothing. The ballots are published (see
 * `publishBallots`), counted and hashed by the database, and the result announced with the list's digest.
 * Returns null when the vote was already closed.
 */
export async function closeVoteNow(ctx: CommandContext, voteId: string): Promise<VoteResult | null> {
  const [vote] = await ctx.tx.$queryRaw<
    (VoteRule & {
      closedAt: Date | null;
      mediationId: string;
      offerId: string;
      round: number;
    })[]
  >`
    SELECT v.closed_at AS "closedAt", v.vote_base AS "voteBase",
      v.threshold_numerator AS "thresholdNumerator", v.threshold_denominator AS "thresholdDenominator",
      v.quorum_numerator AS "quorumNumerator", v.quorum_denominator AS "quorumDenominator",
      o.mediation_id AS "mediationId", o.id AS "offerId", o.round
    FROM vote v JOIN offer o ON o.id = v.offer_id WHERE v.id = ${voteId}::uuid FOR UPDATE OF v`;
  if (!vote || vote.closedAt) return null;

  const { counts, resultsSha256 } = await publishBallots(ctx, voteId);
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
      resultsSha256,
    },
  });
  await ctx.tx.offer.update({ where: { id: vote.offerId }, data: { status: outcome } });
  await moveMediation(ctx, vote.mediationId, outcome, {}, { round: vote.round });
  await cancelVoteClocks(ctx, voteId);
  await dropUndeliveredReminders(ctx, voteId);
  await postAuditHeadAfterVoteClose(ctx, voteId);
  ctx.audit({
    action: 'vote.closed',
    mediationId: vote.mediationId,
    subjectId: voteId,
    details: { outcome, ...counts, quorumMet: decision.quorumMet, resultsSha256 },
  });

  const mediation = await ctx.tx.mediation.findUniqueOrThrow({ where: { id: vote.mediationId } });
  const params = {
    title: { fr: mediation.titleFr, en: mediation.titleEn },
    round: vote.round,
    outcome,
    resultsSha256,
    ...voteTallyParams(vote, counts),
  };
  // A public mediation's result has its page on the web site: the chats link to it (bots/conversation/site-links.ts).
  const pageRefs: Record<string, string> = mediation.newsPublicSince
    ? { publicSlug: mediation.slug, round: String(vote.round) }
    : {};
  const refs = { voteId, mediationId: vote.mediationId };
  ctx.notifyGroup(
    { group: 'participants', mediationId: vote.mediationId },
    {
      kind: 'voteResult',
      textKey: `votes:notify.voteResult_${outcome}`,
      dedupKey: `voteResult:${voteId}`,
      params,
      refs: { ...refs, ...pageRefs },
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
    tally: voteTallyParams(vote, counts),
    resultsSha256,
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

/**
 * product.md §5: after closing, nobody can ever tell whose ballot is whose again — not even by reading
 * the database. While the vote ran, each ballot was written in its voter's transaction (same `xmin` as
 * their electorate row and their audit entry) and in the order of casting. So the list is written as
 * one text, sorted by receipt, into `published_list` by this transaction alone, and the ballots are
 * deleted. The counts and the digest come from the same pass that writes the text.
 */
async function publishBallots(ctx: CommandContext, voteId: string) {
  const [tally] = await ctx.tx.$queryRawUnsafe<PublishedTally[]>(PUBLISH_LIST_SQL, voteId, LIST_HEADER);
  await ctx.tx.$executeRaw`DELETE FROM ballot WHERE vote_id = ${voteId}::uuid`;
  const [electorate] = await ctx.tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM electorate_member WHERE vote_id = ${voteId}::uuid AND left_at IS NULL`;
  if (!electorate || !tally) throw new Error('the tally returned no row');
  const { sha256, ...votes } = tally;
  const counts: Counts = { electorate: electorate.n, ...votes };
  return { counts, resultsSha256: sha256 };
}

/**
 * Reminders already expanded into per-person messages but not yet sent would arrive after the close,
 * asking people to vote on a closed vote: they are dropped (the group row too, if not yet expanded).
 */
async function dropUndeliveredReminders(ctx: CommandContext, voteId: string): Promise<void> {
  await ctx.tx.$executeRaw`
    DELETE FROM outbox_message
    WHERE kind = 'voteReminder' AND status = 'PENDING' AND payload -> 'refs' ->> 'voteId' = ${voteId}`;
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
