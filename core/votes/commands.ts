import { z } from 'zod';
import { DAY, HOUR } from '../clock/clock.ts';
import { defineCommand, defineSqlCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import { requireWithinLegalLimit } from '../mediations/deadline.ts';
import { lockMediation, moveMediation } from '../mediations/lifecycle.ts';
import { announceVoteOpened } from '../mediations/news.ts';
import { requirePersonId } from '../people/person-access.ts';
import { closeVoteNow } from './closing.ts';
import { newReceiptCode } from './receipt.ts';
import { voteRuleParams } from './rule-params.ts';

const reasonSchema = z.string().trim().min(3).max(1000);

/** A vote lasts at least a day, so everyone can answer, and at most 30 days. */
const MIN_VOTE_DURATION = DAY;
const MAX_VOTE_DURATION = 30 * DAY;
/** product.md §5: a running vote may be extended once, by at most 72 hours. */
const MAX_EXTENSION_HOURS = 72;

/**
 * Opens the vote on the current offer and freezes its electorate: the participants ADMITTED right now.
 * Later joiners do not vote on this offer.
 */
export const openVote = defineCommand({
  name: 'openVote',
  // The electorate is written with the vote, one row per admitted participant, so that it is exactly
  // those admitted at the opening: 1,000,000 rows outlast the usual 30 s on a busy machine.
  transactionTimeoutMs: 300_000,
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), closesAt: z.coerce.date() }),
  async run(ctx, { mediationId, closesAt }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'NEGOTIATION') {
      refuse('ILLEGAL_TRANSITION', 'votes:errors.notInNegotiation', { status: mediation.status });
    }
    const offer = await ctx.tx.offer.findFirst({ where: { mediationId }, orderBy: { round: 'desc' } });
    if (offer?.status !== 'PROPOSED') refuse('RULE_VIOLATION', 'votes:errors.noOfferToVoteOn');
    // The company holds to its offer until a date: the vote must give its answer before.
    if (offer.validUntil && offer.validUntil < closesAt) {
      refuse('RULE_VIOLATION', 'votes:errors.offerExpiresBeforeClose', {
        at: offer.validUntil.toISOString(),
      });
    }
    const duration = closesAt.getTime() - ctx.now.getTime();
    if (duration < MIN_VOTE_DURATION || duration > MAX_VOTE_DURATION) {
      refuse('INVALID_INPUT', 'votes:errors.badVoteDuration', { minDays: 1, maxDays: 30 });
    }
    requireWithinLegalLimit(mediation, closesAt, 'votes:errors.voteAfterMediationEnd');
    const rule = {
      voteBase: mediation.voteBase,
      thresholdNumerator: mediation.thresholdNumerator,
      thresholdDenominator: mediation.thresholdDenominator,
      quorumNumerator: mediation.quorumNumerator,
      quorumDenominator: mediation.quorumDenominator,
    };
    const vote = await ctx.tx.vote.create({
      data: { offerId: offer.id, ...rule, opensAt: ctx.now, closesAt },
    });
    const electorate = await ctx.tx.$executeRaw`
      INSERT INTO electorate_member (vote_id, participant_id)
      SELECT ${vote.id}::uuid, id FROM participant WHERE mediation_id = ${mediationId}::uuid AND status = 'ADMITTED'`;
    if (electorate === 0) refuse('RULE_VIOLATION', 'votes:errors.emptyElectorate');
    // The size at the opening; the close counts those still in it (withdrawals leave it).
    await ctx.tx.vote.update({ where: { id: vote.id }, data: { electorateSize: electorate } });
    await ctx.tx.offer.update({ where: { id: offer.id }, data: { status: 'VOTING' } });
    await moveMediation(ctx, mediationId, 'VOTING', {}, { round: offer.round });
    ctx.audit({
      action: 'vote.opened',
      mediationId,
      subjectId: vote.id,
      details: { round: offer.round, electorate },
    });
    await scheduleVoteClocks(ctx, vote.id, closesAt);
    ctx.notifyGroup(
      { group: 'electorate', voteId: vote.id },
      {
        kind: 'voteOpened',
        textKey: 'votes:notify.voteOpened',
        dedupKey: `voteOpened:${vote.id}`,
        params: {
          title: { fr: mediation.titleFr, en: mediation.titleEn },
          terms: { fr: offer.termsFr, en: offer.termsEn },
          round: offer.round,
          closesAt: { date: closesAt.toISOString() },
          ...voteRuleParams(rule),
        },
        refs: { voteId: vote.id, mediationId },
      },
    );
    announceVoteOpened(ctx, mediation, {
      id: vote.id,
      round: offer.round,
      closesAt,
      rule: voteRuleParams(rule),
    });
    return { voteId: vote.id, electorate };
  },
});

/**
 * Records a participant's choice. The last ballot counts; clicking the same choice again changes
 * nothing; each new or changed ballot gets a new receipt code.
 */
export const castBallot = defineSqlCommand({
  name: 'castBallot',
  actors: ['person'],
  input: z.object({ voteId: z.uuid(), choice: z.enum(['ACCEPT', 'REFUSE', 'ABSTAIN']) }),
  async run(ctx, { voteId, choice }) {
    const personId = requirePersonId(ctx.actor);
    // Locks this elector's row (concurrent clicks from one person run one after another) and shares
    // the vote row (a close waits until this ballot is in, or this ballot sees the vote closed).
    const [elector] = await ctx.tx.$queryRaw<
      {
        participant_id: string;
        left_at: Date | null;
        closed_at: Date | null;
        closes_at: Date;
        mediation_id: string;
      }[]
    >`
      SELECT em.participant_id, em.left_at, v.closed_at, v.closes_at, o.mediation_id
      FROM electorate_member em
      JOIN vote v ON v.id = em.vote_id
      JOIN offer o ON o.id = v.offer_id
      WHERE em.vote_id = ${voteId}::uuid
        AND em.participant_id IN (SELECT id FROM participant WHERE person_id = ${personId}::uuid)
      FOR UPDATE OF em FOR SHARE OF v`;
    if (!elector || elector.left_at) refuse('FORBIDDEN', 'votes:errors.notInElectorate');
    if (elector.closed_at || ctx.now >= elector.closes_at)
      refuse('RULE_VIOLATION', 'votes:errors.voteClosed');
    // Read only once the lock is held: read in the locking statement, it could miss the ballot that
    // the previous holder of the lock has just committed (READ COMMITTED re-checks locked rows only).
    const [current] = await ctx.tx.$queryRaw<{ choice: string; receipt_code: string }[]>`
      SELECT choice, receipt_code FROM ballot
      WHERE vote_id = ${voteId}::uuid AND participant_id = ${elector.participant_id}::uuid`;
    if (current?.choice === choice) return { receiptCode: current.receipt_code, choice, changed: false };
    const receiptCode = newReceiptCode();
    const changing = current !== undefined;
    if (changing) {
      await ctx.tx.$executeRaw`
        UPDATE ballot SET choice = ${choice}::"BallotChoice", receipt_code = ${receiptCode}
        WHERE vote_id = ${voteId}::uuid AND participant_id = ${elector.participant_id}::uuid`;
    } else {
      await ctx.tx.$executeRaw`
        WITH new_ballot AS (
          INSERT INTO ballot (vote_id, participant_id, choice, receipt_code)
          VALUES (${voteId}::uuid, ${elector.participant_id}::uuid, ${choice}::"BallotChoice", ${receiptCode}))
        UPDATE electorate_member SET has_voted = true
        WHERE vote_id = ${voteId}::uuid AND participant_id = ${elector.participant_id}::uuid`;
    }
    // The audit records that this person voted, never what.
    ctx.audit({
      action: changing ? 'ballot.changed' : 'ballot.cast',
      mediationId: elector.mediation_id,
      subjectId: voteId,
    });
    return { receiptCode, choice, changed: true };
  },
});

/** A mediator may extend a running vote once, by at most 72 h, with a reason told to every elector. */
export const extendVote = defineCommand({
  name: 'extendVote',
  actors: ['mediator'],
  input: z.object({
    voteId: z.uuid(),
    hours: z.number().int().min(1).max(MAX_EXTENSION_HOURS),
    reason: reasonSchema,
  }),
  async run(ctx, { voteId, hours, reason }) {
    const vote = await lockOpenVote(ctx, voteId);
    if (vote.extendedAt) refuse('RULE_VIOLATION', 'votes:errors.alreadyExtended');
    // Past its deadline a vote is over, even if its clock has not fired yet: reopening it would let
    // late ballots in after people were told it had ended.
    if (ctx.now >= vote.closesAt) refuse('RULE_VIOLATION', 'votes:errors.deadlinePassed');
    const closesAt = new Date(vote.closesAt.getTime() + hours * HOUR);
    requireWithinLegalLimit(vote.offer.mediation, closesAt, 'votes:errors.voteAfterMediationEnd');
    await ctx.tx.vote.update({
      where: { id: voteId },
      data: { closesAt, extendedAt: ctx.now, extensionReason: reason },
    });
    await scheduleVoteClocks(ctx, voteId, closesAt);
    ctx.audit({
      action: 'vote.extended',
      mediationId: vote.offer.mediationId,
      subjectId: voteId,
      details: { hours },
    });
    ctx.notifyGroup(
      { group: 'electorate', voteId },
      {
        kind: 'voteExtended',
        textKey: 'votes:notify.voteExtended',
        dedupKey: `voteExtended:${voteId}`,
        params: {
          title: { fr: vote.offer.mediation.titleFr, en: vote.offer.mediation.titleEn },
          closesAt: { date: closesAt.toISOString() },
          reason,
        },
        refs: { voteId, mediationId: vote.offer.mediationId },
      },
    );
    return { closesAt };
  },
});

/**
 * Closes a vote by hand: once its deadline has passed (e.g. the scheduler was down) or once every
 * elector has voted. Closing earlier would take the remaining time away from people.
 */
export const closeVote = defineCommand({
  name: 'closeVote',
  actors: ['mediator'],
  input: z.object({ voteId: z.uuid() }),
  async run(ctx, { voteId }) {
    const vote = await lockOpenVote(ctx, voteId);
    if (ctx.now < vote.closesAt) {
      const waiting = await ctx.tx.electorateMember.count({
        where: { voteId, leftAt: null, hasVoted: false },
      });
      if (waiting > 0) refuse('RULE_VIOLATION', 'votes:errors.tooEarlyToClose', { waiting });
    }
    const result = await closeVoteNow(ctx, voteId);
    if (!result) refuse('RULE_VIOLATION', 'votes:errors.voteClosed');
    return result;
  },
});

async function lockOpenVote(ctx: CommandContext, voteId: string) {
  const locked = await ctx.tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM vote WHERE id = ${voteId}::uuid FOR UPDATE`;
  if (locked.length === 0) refuse('NOT_FOUND', 'votes:errors.voteNotFound');
  const vote = await ctx.tx.vote.findUniqueOrThrow({
    where: { id: voteId },
    include: { offer: { include: { mediation: true } } },
  });
  if (vote.closedAt) refuse('RULE_VIOLATION', 'votes:errors.voteClosed');
  return vote;
}

/** Close at the deadline; remind non-voters 72 h and 24 h before it, when that is still ahead. */
async function scheduleVoteClocks(ctx: CommandContext, voteId: string, closesAt: Date): Promise<void> {
  await ctx.schedule('voteClose', voteId, closesAt);
  for (const [kind, before] of [
    ['voteReminder72h', 72 * HOUR],
    ['voteReminder24h', 24 * HOUR],
  ] as const) {
    const at = new Date(closesAt.getTime() - before);
    if (at > ctx.now) await ctx.schedule(kind, voteId, at);
    else await ctx.cancelTimer(kind, voteId);
  }
}

export const votesCommands = { openVote, castBallot, extendVote, closeVote };
