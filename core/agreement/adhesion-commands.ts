import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from '../mediations/audience.ts';
import { closingCodes, endMediation } from '../mediations/closing.ts';
import { requireWithinLegalLimit } from '../mediations/deadline.ts';
import { lockMediation, moveMediation, requireMove } from '../mediations/lifecycle.ts';
import { requirePersonId } from '../people/person-access.ts';
import { acceptedOffer, compensationParams, MIN_ADHESION_WINDOW } from './agreement.ts';
import { payoutCents } from './payout-amount.ts';

/**
 * ACCEPTED → ADHESION: each elector still admitted is asked to sign the accepted offer individually
 * ("J'adhère à l'accord") before `adhesionClosesAt`; only adherents are covered (product.md §5).
 */
export const openAdhesion = defineCommand({
  name: 'openAdhesion',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), adhesionClosesAt: z.coerce.date() }),
  async run(ctx, { mediationId, adhesionClosesAt }) {
    const mediation = await lockMediation(ctx, mediationId);
    requireMove(mediation.status, 'ADHESION');
    if (adhesionClosesAt.getTime() < ctx.now.getTime() + MIN_ADHESION_WINDOW) {
      refuse('INVALID_INPUT', 'agreement:errors.adhesionWindowTooShort', { count: 1 });
    }
    requireWithinLegalLimit(mediation, adhesionClosesAt, 'agreement:errors.adhesionAfterMediationEnd');
    const offer = await acceptedOffer(ctx.tx, mediationId);
    const voteId = offer.vote?.id;
    if (!voteId) refuse('RULE_VIOLATION', 'agreement:errors.noAcceptedOffer');
    await moveMediation(ctx, mediationId, 'ADHESION', { adhesionClosesAt }, { offerId: offer.id });
    await ctx.schedule('adhesionClose', offer.id, adhesionClosesAt);
    const electors = await ctx.tx.participant.findMany({
      where: {
        mediationId,
        status: 'ADMITTED',
        person: { erasedAt: null },
        electorateMemberships: { some: { voteId, leftAt: null } },
      },
      select: { id: true, personId: true, amountCents: true },
    });
    const compensation = compensationParams(offer);
    for (const elector of electors) {
      ctx.notifyPerson(elector.personId, {
        kind: 'adhesionRequested',
        textKey: `agreement:notify.adhesionRequested.${compensation.variant}`,
        dedupKey: `adhesionRequested:${offer.id}:${elector.id}`,
        params: {
          title: titleParam(mediation),
          terms: { fr: offer.termsFr, en: offer.termsEn },
          closesAt: { date: adhesionClosesAt.toISOString() },
          ...compensation.params,
          // What this person would receive: the very amount their payout will be (payoutCents).
          yourAmount: { money: payoutCents(offer, elector.amountCents) },
        },
        refs: { mediationId, offerId: offer.id, participantId: elector.id },
      });
    }
    return { mediationId, offerId: offer.id, asked: electors.length };
  },
});

/**
 * A participant signs or declines. They may change their mind until the window closes; the same answer
 * twice changes nothing. The mediation row is share-locked so no decision slips in after the closing.
 */
export const decideAdhesion = defineCommand({
  name: 'decideAdhesion',
  actors: ['person'],
  input: z.object({ mediationId: z.uuid(), decision: z.enum(['ADHERED', 'DECLINED']) }),
  async run(ctx, { mediationId, decision }) {
    const personId = requirePersonId(ctx.actor);
    await ctx.tx.$queryRaw`SELECT id FROM mediation WHERE id = ${mediationId}::uuid FOR SHARE`;
    const mediation = await ctx.tx.mediation.findUnique({ where: { id: mediationId } });
    if (!mediation) refuse('NOT_FOUND', 'errors:mediationNotFound');
    if (
      mediation.status !== 'ADHESION' ||
      !mediation.adhesionClosesAt ||
      ctx.now >= mediation.adhesionClosesAt
    ) {
      refuse('RULE_VIOLATION', 'agreement:errors.adhesionNotOpen');
    }
    const participant = await ctx.tx.participant.findUnique({
      where: { mediationId_personId: { mediationId, personId } },
    });
    if (participant?.status !== 'ADMITTED') refuse('FORBIDDEN', 'agreement:errors.notAnAdmittedParticipant');
    const offer = await acceptedOffer(ctx.tx, mediationId);
    const key = { offerId_participantId: { offerId: offer.id, participantId: participant.id } };
    const previous = await ctx.tx.adhesion.findUnique({ where: key });
    if (previous?.decision === decision)
      return { decision, changed: false, closesAt: mediation.adhesionClosesAt };
    await ctx.tx.adhesion.upsert({
      where: key,
      create: { offerId: offer.id, participantId: participant.id, decision, decidedAt: ctx.now },
      update: { decision, decidedAt: ctx.now },
    });
    ctx.audit({
      action: 'adhesion.decided',
      mediationId,
      subjectId: participant.id,
      details: { offerId: offer.id, decision, previous: previous?.decision ?? null },
    });
    return { decision, changed: true, closesAt: mediation.adhesionClosesAt };
  },
});

/** A mediator closes the adhesion window before its planned end (the clock does it at the end). */
export const closeAdhesion = defineCommand({
  name: 'closeAdhesion',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.status !== 'ADHESION') {
      refuse('ILLEGAL_TRANSITION', 'errors:illegalTransition', { from: mediation.status, to: 'EXECUTION' });
    }
    const offer = await acceptedOffer(ctx.tx, mediationId);
    const result = await closeAdhesionWindow(ctx, offer.id);
    await ctx.cancelTimer('adhesionClose', offer.id);
    return result;
  },
});

/**
 * Ends the adhesion window. Adherents still admitted are counted: below the offer's minimum — or with
 * nobody at all, since an agreement covering no one settles nothing — the mediation fails; otherwise it
 * moves to EXECUTION with one payout per adherent, computed in integer cents.
 */
export async function closeAdhesionWindow(ctx: CommandContext, offerId: string) {
  const offer = await ctx.tx.offer.findUniqueOrThrow({ where: { id: offerId } });
  const mediation = await lockMediation(ctx, offer.mediationId);
  const adherents = await ctx.tx.participant.findMany({
    where: { adhesions: { some: { offerId, decision: 'ADHERED' } }, status: 'ADMITTED' },
    select: { id: true, amountCents: true },
  });
  const declined = await ctx.tx.adhesion.count({ where: { offerId, decision: 'DECLINED' } });
  const enough = adherents.length > 0 && adherents.length >= (offer.minAdhesions ?? 1);
  if (enough) {
    await moveMediation(ctx, mediation.id, 'EXECUTION', {}, { adherents: adherents.length });
    await ctx.tx.payout.createMany({
      data: adherents.map((adherent) => ({
        offerId,
        participantId: adherent.id,
        amountCents: payoutCents(offer, adherent.amountCents),
      })),
    });
    ctx.audit({
      action: 'payouts.created',
      mediationId: mediation.id,
      subjectId: offerId,
      details: { count: adherents.length },
    });
  } else {
    const code = adherents.length === 0 ? closingCodes.noAdhesion : closingCodes.minAdhesionsNotReached;
    await endMediation(ctx, mediation.id, 'CLOSED_FAILURE', { code });
  }
  ctx.notifyMediators({
    kind: 'adhesionClosed',
    textKey: enough ? 'agreement:notify.adhesionClosed' : 'agreement:notify.adhesionFailed',
    dedupKey: `adhesionClosed:${offerId}`,
    params: {
      title: titleParam(mediation),
      adhered: adherents.length,
      declined,
      minAdhesions: offer.minAdhesions ?? 0,
    },
    refs: { mediationId: mediation.id, offerId },
  });
  return { mediationId: mediation.id, adherents: adherents.length, executed: enough };
}
