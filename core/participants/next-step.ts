import type { NotificationParam } from '../commands/context.ts';
import type { Tx } from '../db/connect.ts';
import type { MediationStatus, ParticipantStatus } from '../db/generated/enums.ts';
import { finalStatuses } from '../mediations/lifecycle.ts';
import { MEDIATION_ENDED_REASON } from '../mediations/undecided-files.ts';
import type { FileItem } from './completeness.ts';

/** What the person should do or expect next: a locale key, its values, and ids for buttons. */
export interface NextStep {
  key: string;
  params: Record<string, NotificationParam>;
  refs: Record<string, string>;
}

interface FileState {
  id: string;
  status: ParticipantStatus;
  decisionDueAt: Date | null;
  rejectionReason: string | null;
  mediation: {
    id: string;
    status: MediationStatus;
    registrationClosesAt: Date | null;
    adhesionClosesAt: Date | null;
  };
}

const step = (key: string, params: NextStep['params'] = {}, refs: NextStep['refs'] = {}): NextStep => ({
  key: `participants:next.${key}`,
  params,
  refs,
});

const dateParam = (date: Date) => ({ date: date.toISOString() });

export async function nextStep(db: Tx, file: FileState, missing: FileItem[], now: Date): Promise<NextStep> {
  const { mediation } = file;
  switch (file.status) {
    case 'WITHDRAWN':
      return step('withdrawn');
    case 'REJECTED':
      // Closed undecided when the mediation ended: no mediator wrote a reason, a known one is shown.
      if (file.rejectionReason === MEDIATION_ENDED_REASON) return step('closedMediationEnded');
      return step('rejected', { reason: file.rejectionReason ?? '' });
    case 'SUBMITTED':
      return step('waitDecision', file.decisionDueAt ? { dueDate: dateParam(file.decisionDueAt) } : {});
    case 'DRAFT': {
      const closesAt = mediation.registrationClosesAt;
      if (mediation.status !== 'OPEN' || (closesAt && now >= closesAt)) return step('registrationClosed');
      if (missing.length > 0)
        return step('completeFile', { count: missing.length }, { first: missing[0] ?? '' });
      return step('submitFile', closesAt ? { closesAt: dateParam(closesAt) } : {});
    }
    case 'ADMITTED':
      return admittedStep(db, file);
  }
}

/** An admitted participant follows the mediation: vote, then signature, then payment. */
async function admittedStep(db: Tx, file: FileState): Promise<NextStep> {
  const { mediation } = file;
  if (finalStatuses.includes(mediation.status)) return step('mediationOver');
  const membership = await db.electorateMember.findFirst({
    where: { participantId: file.id, leftAt: null, vote: { closedAt: null } },
    select: { hasVoted: true, vote: { select: { id: true, closesAt: true } } },
  });
  if (membership) {
    const params = { closesAt: dateParam(membership.vote.closesAt) };
    return step(membership.hasVoted ? 'voteCast' : 'voteOpen', params, { voteId: membership.vote.id });
  }
  if (mediation.status === 'ADHESION') {
    const offer = await db.offer.findFirst({
      where: { mediationId: mediation.id, status: 'ACCEPTED' },
      orderBy: { round: 'desc' },
      select: { id: true, adhesions: { where: { participantId: file.id }, select: { decision: true } } },
    });
    if (offer && offer.adhesions.length === 0) {
      const params: NextStep['params'] = mediation.adhesionClosesAt
        ? { closesAt: dateParam(mediation.adhesionClosesAt) }
        : {};
      return step('adhesionOpen', params, { offerId: offer.id });
    }
    return step('waitNews');
  }
  if (mediation.status === 'EXECUTION') {
    const payout = await db.payout.findFirst({
      where: { participantId: file.id, offer: { mediationId: mediation.id } },
      select: { id: true, status: true, amountCents: true },
    });
    if (payout?.status === 'SENT') {
      return step('confirmPayout', { amount: { money: payout.amountCents } }, { payoutId: payout.id });
    }
    if (payout?.status === 'CONFIRMED') return step('payoutConfirmed');
    if (payout?.status === 'PROBLEM') return step('payoutProblem', {}, { payoutId: payout.id });
    if (payout) return step('waitPayout');
  }
  return step('waitNews');
}
