import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { Tx } from '../db/connect.ts';
import { auditEntriesAbout, messagesToMediators, votesOf } from './export-sections.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';

/**
 * `/mesdonnees`: everything the service stores about the person who asks (RGPD art. 15 and 20), as
 * plain JSON, which the chat hands over as a file. Their ballot appears only while its vote is open:
 * the close deletes it, the only link to its voter (product.md §5), and the export never rebuilds a
 * "who voted what" view after that; the person keeps their receipt code, which is how they check their
 * ballot. Evidence is listed with its sha256, not re-sent: its bytes are the files they sent us. It is
 * a command, not a query, so each export is in the audit log.
 */
export const exportPersonData = defineCommand({
  name: 'exportPersonData',
  actors: ['person'],
  input: z.object({}),
  async run(ctx) {
    const personId = requirePersonId(ctx.actor);
    const person = await loadLivePerson(ctx.tx, personId);
    const data = await collectPersonData(ctx.tx, personId);
    ctx.audit({ action: 'person.dataExported', subjectId: personId, details: { files: data.files.length } });
    return {
      exportedAt: ctx.now.toISOString(),
      person: { id: person.id, locale: person.locale, createdAt: person.createdAt.toISOString() },
      ...data,
    };
  },
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

async function collectPersonData(tx: Tx, personId: string) {
  const identities = await tx.platformIdentity.findMany({
    where: { personId },
    orderBy: { createdAt: 'asc' },
  });
  const conversations =
    identities.length === 0
      ? []
      : await tx.conversationState.findMany({
          where: { OR: identities.map(({ platform, externalId }) => ({ platform, externalId })) },
        });
  const files = await tx.participant.findMany({
    where: { personId },
    orderBy: { createdAt: 'asc' },
    include: {
      mediation: { select: { id: true, slug: true, titleFr: true, titleEn: true } },
      eligibilityAnswers: { include: { question: true }, orderBy: { question: { position: 'asc' } } },
      evidence: { orderBy: { createdAt: 'asc' } },
      adhesions: { include: { offer: { select: { round: true } } } },
      payouts: { include: { offer: { select: { round: true } } } },
    },
  });
  const messages = await tx.outboxMessage.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } });
  // Never the code itself: only its hash is stored, and that is of no use to anyone.
  const linkCodes = await tx.linkCode.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } });
  const linkAttempts = await tx.linkAttempt.findMany({
    where: { personId },
    orderBy: { attemptedAt: 'asc' },
  });
  const formerPersonIds = [
    ...new Set(
      [...identities, ...files].flatMap(({ linkedFromPersonId }) =>
        linkedFromPersonId ? [linkedFromPersonId] : [],
      ),
    ),
  ];
  const participantIds = files.map((file) => file.id);
  const votes = await votesOf(tx, participantIds);
  const toMediators = await messagesToMediators(tx, personId);
  const audit = await auditEntriesAbout(
    tx,
    [personId, ...formerPersonIds],
    [...participantIds, ...files.flatMap((file) => file.payouts.map((payout) => payout.id))],
  );
  const announcementChannels =
    identities.length === 0
      ? []
      : await tx.announcementChannel.findMany({
          where: { OR: identities.map(({ platform, externalId }) => ({ platform, setBy: externalId })) },
          orderBy: { setAt: 'asc' },
        });
  return {
    identities: identities.map((identity) => ({
      platform: identity.platform,
      externalId: identity.externalId,
      chatId: identity.chatId,
      languageCode: identity.languageCode,
      unreachableAt: iso(identity.unreachableAt),
      lastSeenAt: iso(identity.lastSeenAt),
      createdAt: iso(identity.createdAt),
      linkedAt: iso(identity.linkedAt),
    })),
    conversations: conversations.map((state) => ({
      platform: state.platform,
      flow: state.flow,
      step: state.step,
      data: state.data,
      updatedAt: iso(state.updatedAt),
    })),
    files: files.map((file) => ({
      participantId: file.id,
      mediation: {
        id: file.mediation.id,
        slug: file.mediation.slug,
        title: { fr: file.mediation.titleFr, en: file.mediation.titleEn },
      },
      status: file.status,
      consents: {
        terms: iso(file.consentTermsAt),
        grouping: iso(file.consentGroupingAt),
        dataProcessing: iso(file.consentDataAt),
        /** Since when the company may read the description (issue 15); null: it may not. */
        descriptionSharedWithCompany: iso(file.descriptionSharedAt),
      },
      complaint: {
        description: file.description,
        amountCents: file.amountCents,
        problemDate: day(file.problemDate),
        priorComplaintDate: day(file.priorComplaintDate),
      },
      eligibility: file.eligibilityAnswers.map((answer) => ({
        question: { fr: answer.question.textFr, en: answer.question.textEn },
        answer: answer.answer,
        answeredAt: iso(answer.answeredAt),
      })),
      evidence: file.evidence.map((evidence) => ({
        id: evidence.id,
        fileName: evidence.fileName,
        mimeType: evidence.mimeType,
        sizeBytes: evidence.sizeBytes,
        sha256: evidence.sha256,
        createdAt: iso(evidence.createdAt),
      })),
      submittedAt: iso(file.submittedAt),
      decisionDueAt: iso(file.decisionDueAt),
      decidedAt: iso(file.decidedAt),
      rejectionReason: file.rejectionReason,
      withdrawnAt: iso(file.withdrawnAt),
      createdAt: iso(file.createdAt),
      votes: votes
        .filter((vote) => vote.participantId === file.id)
        .map(({ participantId: _file, ...vote }) => vote),
      adhesions: file.adhesions.map((adhesion) => ({
        offerId: adhesion.offerId,
        round: adhesion.offer.round,
        decision: adhesion.decision,
        decidedAt: iso(adhesion.decidedAt),
      })),
      payouts: file.payouts.map((payout) => ({
        payoutId: payout.id,
        offerId: payout.offerId,
        round: payout.offer.round,
        amountCents: payout.amountCents,
        status: payout.status,
        sentAt: iso(payout.sentAt),
        confirmedAt: iso(payout.confirmedAt),
        // Whether the company attached a proof of transfer: the file itself may name other payees.
        proofAttached: payout.proofId !== null,
        problemAt: iso(payout.problemAt),
        problemNote: payout.problemNote,
      })),
    })),
    messagesToMediators: toMediators,
    messages: messages.map((message) => ({
      kind: message.kind,
      payload: message.payload,
      status: message.status,
      createdAt: iso(message.createdAt),
      sentAt: iso(message.sentAt),
    })),
    linkCodes: linkCodes.map((code) => ({
      createdAt: iso(code.createdAt),
      expiresAt: iso(code.expiresAt),
      usedAt: iso(code.usedAt),
    })),
    failedLinkAttempts: linkAttempts.map((attempt) => iso(attempt.attemptedAt)),
    announcementChannelsChosen: announcementChannels.map((channel) => ({
      platform: channel.platform,
      serverId: channel.serverId,
      channelId: channel.channelId,
      setAt: iso(channel.setAt),
    })),
    auditEntries: audit,
  };
}
