import { randomBytes } from 'node:crypto';
import { DAY } from '../../core/clock/clock.ts';
import { type Actor, personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { newReceiptCode } from '../../core/votes/receipt.ts';
import type { TestCore } from '../support/core.ts';
import { publishedBody } from '../support/published-list.ts';

/**
 * Test data of the participants area, written straight with Prisma: the mediations area has its own
 * commands and tests, here we only need an OPEN mediation to join.
 */
export async function createOpenMediation(
  t: TestCore,
  options: { questions?: { fr: string; en: string; requiredAnswer: boolean }[]; closesInDays?: number } = {},
) {
  const suffix = randomBytes(4).toString('hex');
  const company = await t.db.prisma.company.create({ data: { slug: `red-${suffix}`, name: 'RED by SFR' } });
  const now = t.clock.now();
  const questions = options.questions ?? [
    { fr: 'Êtes-vous client·e de RED by SFR ?', en: 'Are you a RED by SFR customer?', requiredAnswer: true },
    { fr: 'Avez-vous déjà été remboursé·e ?', en: 'Have you already been refunded?', requiredAnswer: false },
  ];
  const mediation = await t.db.prisma.mediation.create({
    data: {
      slug: `frais-red-${suffix}`,
      companyId: company.id,
      titleFr: 'Frais cachés RED by SFR',
      titleEn: 'RED by SFR hidden fees',
      summaryFr: 'Des frais facturés sans accord.',
      summaryEn: 'Fees charged without consent.',
      goalFr: 'Le remboursement des frais.',
      goalEn: 'A refund of the fees.',
      status: 'OPEN',
      registrationOpenedAt: now,
      registrationClosesAt: new Date(now.getTime() + (options.closesInDays ?? 30) * DAY),
      createdBy: 'mediator:U_LEAD',
      eligibilityQuestions: {
        create: questions.map((question, index) => ({
          position: index + 1,
          textFr: question.fr,
          textEn: question.en,
          requiredAnswer: question.requiredAnswer,
        })),
      },
    },
    include: { eligibilityQuestions: { orderBy: { position: 'asc' } } },
  });
  return { company, mediation, questions: mediation.eligibilityQuestions };
}

let nextExternalId = 5000;

/** A consumer reaching the bot on Telegram for the first time. */
export async function createPerson(t: TestCore) {
  nextExternalId += 1;
  const externalId = String(nextExternalId);
  const { personId } = unwrap(
    await t.core.identifyPerson(systemActor('telegram'), {
      platform: 'TELEGRAM',
      externalId,
      chatId: externalId,
      languageCode: 'fr',
    }),
  );
  return { personId, externalId, actor: personActor(personId) };
}

export const allConsents = { terms: true, grouping: true, dataProcessing: true };

export const complaint = {
  description: 'Des frais de 4,99 € par mois ont été ajoutés à ma facture sans mon accord depuis janvier.',
  amount: '59,88 €',
  problemDate: '15/01/2026',
  priorComplaintDate: '2026-02-10',
};

type Mediation = Awaited<ReturnType<typeof createOpenMediation>>;

/** Joins and answers every eligibility question the right way; returns the draft's id. */
export async function joinEligible(t: TestCore, actor: Actor, { mediation, questions }: Mediation) {
  const { participantId } = unwrap(
    await t.core.joinMediation(actor, { mediationId: mediation.id, consents: allConsents }),
  );
  if (questions.length > 0) {
    unwrap(
      await t.core.answerEligibility(actor, {
        participantId,
        answers: questions.map((question) => ({ questionId: question.id, answer: question.requiredAnswer })),
      }),
    );
  }
  return participantId;
}

/** A person with a complete, submitted file, with a proof file if one is given. */
export async function submittedFile(
  t: TestCore,
  mediation: Mediation,
  proof?: { bytes: Uint8Array; fileName: string },
) {
  const person = await createPerson(t);
  const participantId = await joinEligible(t, person.actor, mediation);
  unwrap(await t.core.describeComplaint(person.actor, { participantId, ...complaint }));
  if (proof) unwrap(await t.core.addEvidence(person.actor, { participantId, ...proof }));
  unwrap(await t.core.submitFile(person.actor, { participantId }));
  return { ...person, participantId };
}

/** Smallest files whose first bytes say what they are. */
export const sampleFiles = {
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  pdf: new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'),
  webp: new TextEncoder().encode('RIFF\u0024\u0000\u0000\u0000WEBPVP8 '),
  heic: Uint8Array.from([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]),
  exe: Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
};

/** A distinct JPEG each call, so files are not deduplicated. */
export function uniqueJpeg(seed: number): Uint8Array {
  return Uint8Array.from([...sampleFiles.jpeg, ...new TextEncoder().encode(`photo-${seed}`)]);
}

/** Every audit entry, for checks that nothing personal was logged. */
export async function auditEntries(t: TestCore) {
  return t.db.prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } });
}

/**
 * A vote on an offer, written straight with Prisma as the votes area would leave it: the frozen
 * electorate, and for each voter a ballot with its link (only while the vote runs).
 */
export async function createVote(
  t: TestCore,
  input: {
    mediationId: string;
    round: number;
    electorate: string[];
    ballots: { participantId: string; choice: 'ACCEPT' | 'REFUSE' | 'ABSTAIN' }[];
    closed?: boolean;
  },
) {
  const now = t.clock.now();
  const offer = await t.db.prisma.offer.create({
    data: {
      mediationId: input.mediationId,
      round: input.round,
      termsFr: 'Remboursement intégral des frais.',
      termsEn: 'Full refund of the fees.',
      compensationKind: 'FIXED',
      fixedCents: 5000,
      status: input.closed ? 'REJECTED' : 'VOTING',
      recordedBy: 'mediator:U_LEAD',
    },
  });
  const count = (choice: string) => input.ballots.filter((ballot) => ballot.choice === choice).length;
  const vote = await t.db.prisma.vote.create({
    data: {
      offerId: offer.id,
      voteBase: 'ELECTORATE',
      thresholdNumerator: 3,
      thresholdDenominator: 4,
      quorumNumerator: 1,
      quorumDenominator: 2,
      opensAt: new Date(now.getTime() - DAY),
      closesAt: new Date(now.getTime() + 6 * DAY),
      ...(input.closed
        ? {
            closedAt: now,
            outcome: 'REJECTED',
            electorateSize: input.electorate.length,
            acceptCount: count('ACCEPT'),
            refuseCount: count('REFUSE'),
            abstainCount: count('ABSTAIN'),
          }
        : {}),
    },
  });
  const voters = new Set(input.ballots.map((ballot) => ballot.participantId));
  await t.db.prisma.electorateMember.createMany({
    data: input.electorate.map((participantId) => ({
      voteId: vote.id,
      participantId,
      hasVoted: voters.has(participantId),
    })),
  });
  const ballots = input.ballots.map((ballot) => ({ ...ballot, receiptCode: newReceiptCode() }));
  // A closed vote's ballots are in its published list, unlinked (product.md §5).
  if (input.closed) {
    await t.db.prisma.publishedList.create({ data: { voteId: vote.id, body: publishedBody(ballots) } });
  } else {
    await t.db.prisma.ballot.createMany({
      data: ballots.map(({ participantId, choice, receiptCode }) => ({
        voteId: vote.id,
        participantId,
        choice,
        receiptCode,
      })),
    });
  }
  return { offer, vote };
}

/** Admitted participants, as the mediators would have left them. */
export async function admittedFiles(t: TestCore, mediation: Mediation, count: number) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const file = await submittedFile(t, mediation);
    unwrap(
      await t.core.admitParticipant(
        { kind: 'mediator', mediatorId: 'U_LEAD' },
        { participantId: file.participantId },
      ),
    );
    files.push(file);
  }
  return files;
}
