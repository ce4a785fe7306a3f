import { payoutCents } from '../agreement/payout-amount.ts';
import type { ParticipantStatus } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { listMissing } from './completeness.ts';
import { participantsCsv } from './csv-export.ts';
import { dayOf } from './dates.ts';
import { selectOwnFiles } from './file-reads.ts';
import { nextStep } from './next-step.ts';
import { mediationTitle } from './participant-access.ts';
import { filesAwaitingDecision } from './review-queue.ts';

/**
 * `/mesdossiers`: every file of a person, with its status, what is still missing and what happens next
 * (product.md §4). Their own complaint is theirs to see (it is also the review screen before sending);
 * nothing about other participants is.
 */
async function myFiles(deps: CoreDeps, input: { personId: string }) {
  const now = deps.clock.now();
  const files = await selectOwnFiles(deps.db.sql, input.personId);
  return Promise.all(
    files.map(async (file) => {
      const missing = file.status === 'DRAFT' ? listMissing(file, file.eligible) : [];
      return {
        participantId: file.id,
        mediation: {
          id: file.mediation.id,
          slug: file.mediation.slug,
          title: mediationTitle(file.mediation),
          status: file.mediation.status,
        },
        status: file.status,
        missing,
        complaint: {
          description: file.description,
          descriptionShared: file.descriptionShared,
          amountCents: file.amountCents,
          problemDate: file.problemDate,
          priorComplaintDate: file.priorComplaintDate,
        },
        evidence: file.evidence,
        /**
         * What the offer under vote, or accepted, would pay this person: the very amount of their
         * payout (one function computes both). Null when it cannot cover them (not an elector).
         */
        compensation:
          file.status === 'ADMITTED' && file.liveOffer?.covered
            ? {
                offerStatus: file.liveOffer.status,
                amountCents: payoutCents(file.liveOffer, file.amountCents),
              }
            : null,
        payout: file.payout,
        submittedAt: file.submittedAt,
        decisionDueAt: file.decisionDueAt,
        decidedAt: file.decidedAt,
        withdrawnAt: file.withdrawnAt,
        next: await nextStep(deps.db.prisma, file, missing, now),
      };
    }),
  );
}

/** Files the mediators have to review, oldest first. Drafts are the person's own until they send them. */
const reviewedStatuses: ParticipantStatus[] = ['SUBMITTED', 'ADMITTED', 'REJECTED', 'WITHDRAWN'];

/**
 * The mediators' review list. Mediators decide on files, so the complaint itself is shown here — but
 * never anything about votes (product.md §5: nobody sees who voted what).
 */
async function participantsForReview(
  deps: CoreDeps,
  input: { mediationId: string; status?: ParticipantStatus },
) {
  const files = await deps.db.prisma.participant.findMany({
    where: {
      mediationId: input.mediationId,
      status: input.status ? input.status : { in: reviewedStatuses },
    },
    orderBy: [{ submittedAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    include: {
      person: { select: { erasedAt: true } },
      eligibilityAnswers: { include: { question: true }, orderBy: { question: { position: 'asc' } } },
      evidence: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, mimeType: true, sizeBytes: true, fileName: true, createdAt: true },
      },
    },
  });
  return files.map((file) => ({
    participantId: file.id,
    status: file.status,
    submittedAt: file.submittedAt,
    decisionDueAt: file.decisionDueAt,
    decidedAt: file.decidedAt,
    decidedBy: file.decidedBy,
    rejectionReason: file.rejectionReason,
    withdrawnAt: file.withdrawnAt,
    /** The person asked for erasure: their text is gone, the file stays counted. */
    erased: file.person.erasedAt !== null,
    description: file.description,
    amountCents: file.amountCents,
    problemDate: file.problemDate ? dayOf(file.problemDate) : null,
    priorComplaintDate: file.priorComplaintDate ? dayOf(file.priorComplaintDate) : null,
    eligibility: file.eligibilityAnswers.map((answer) => ({
      question: { fr: answer.question.textFr, en: answer.question.textEn },
      answer: answer.answer,
    })),
    evidence: file.evidence,
  }));
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const participantsQueries = {
  myFiles,
  participantsForReview,
  participantsCsv,
  filesAwaitingDecision,
};
