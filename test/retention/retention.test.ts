import { describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { DAY } from '../../core/clock/clock.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { annualReport, mediationStatistics } from '../../core/mediations/statistics.ts';
import { enforceRetention } from '../../core/retention/retention.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import {
  createOpenMediation,
  createPerson,
  createVote,
  joinEligible,
  sampleFiles,
  submittedFile,
} from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { columnsHolding } from '../support/every-column.ts';

const t = useTestCore({ checkAuditChain: true });
const lead = { kind: 'mediator' as const, mediatorId: 'U_LEAD' };

/** What a person wrote: found nowhere once the retention has run. */
const WORDS = 'Prélèvement Okapi-4410 sur mon compte joint';

/**
 * A mediation closed today: two admitted files with proof (one also in a mediation still open), one
 * rejected, a closed vote, an adhesion and a payout with a problem note, a /contact message.
 */
async function closedMediation() {
  const context = await createOpenMediation(t);
  const stays = await createPerson(t); // also has a file in a mediation still running
  const leaves = await submittedFile(t, context, { bytes: sampleFiles.png, fileName: 'releve.png' });
  const fileOf = async (person: typeof stays) => {
    const participantId = await joinEligible(t, person.actor, context);
    unwrap(
      await t.core.describeComplaint(person.actor, {
        participantId,
        description: `${WORDS}, depuis janvier.`,
        amount: '120,50 €',
        problemDate: '15/01/2026',
        priorComplaintDate: '2026-02-10',
      }),
    );
    unwrap(
      await t.core.addEvidence(person.actor, {
        participantId,
        bytes: sampleFiles.pdf,
        fileName: 'facture.pdf',
      }),
    );
    unwrap(await t.core.submitFile(person.actor, { participantId }));
    return participantId;
  };
  const staysFile = await fileOf(stays);
  for (const participantId of [staysFile, leaves.participantId])
    unwrap(await t.core.admitParticipant(lead, { participantId }));
  const rejected = await submittedFile(t, context);
  unwrap(
    await t.core.rejectParticipant(lead, {
      participantId: rejected.participantId,
      reason: 'Plainte préalable manquante',
    }),
  );
  unwrap(
    await t.core.contactMediators(stays.actor, {
      message: `${WORDS} : où en est-on ?`,
      participantId: staysFile,
    }),
  );
  const vote = await createVote(t, {
    mediationId: context.mediation.id,
    round: 1,
    electorate: [staysFile, leaves.participantId],
    ballots: [
      { participantId: staysFile, choice: 'ACCEPT' },
      { participantId: leaves.participantId, choice: 'ACCEPT' },
    ],
    closed: true,
  });
  await t.db.prisma.adhesion.create({
    data: { offerId: vote.offer.id, participantId: staysFile, decision: 'ADHERED', decidedAt: t.clock.now() },
  });
  await t.db.prisma.payout.create({
    data: {
      offerId: vote.offer.id,
      participantId: staysFile,
      amountCents: 6000,
      status: 'PROBLEM',
      problemNote: `${WORDS} : rien reçu`,
    },
  });
  await t.db.prisma.mediation.update({
    where: { id: context.mediation.id },
    data: { status: 'CLOSED_SUCCESS', closedAt: t.clock.now() },
  });
  // The same person in a mediation still running: their account must stay.
  const running = await createOpenMediation(t);
  await joinEligible(t, stays.actor, running);
  await storedFilesSettled();
  return { mediationId: context.mediation.id, stays, staysFile, leaves, rejected };
}

const filesOf = (mediationId: string) =>
  t.db.prisma.participant.findMany({ where: { mediationId }, orderBy: { id: 'asc' } });

describe('the retention clock', () => {
  it('pseudonymises a closed mediation after its period, keeping the figures, the report and the audit chain', async () => {
    const setup = await closedMediation();
    const year = t.clock.now().getUTCFullYear();
    const before = {
      statistics: await mediationStatistics(t.core.deps, { mediationId: setup.mediationId }),
      report: await annualReport(t.core.deps, { year }),
      files: await filesOf(setup.mediationId),
      votes: await t.db.prisma.vote.findMany({ include: { publishedList: true }, orderBy: { id: 'asc' } }),
      adhesions: await t.db.prisma.adhesion.findMany({ orderBy: { participantId: 'asc' } }),
      storedFiles: t.evidence.size(),
    };
    const storageKeys = (
      await t.db.prisma.evidence.findMany({ where: { participant: { mediationId: setup.mediationId } } })
    ).map((row) => row.storageKey);
    expect(storageKeys).toHaveLength(2);
    await t.db.prisma.conversationState.create({
      data: { platform: 'TELEGRAM', externalId: setup.leaves.externalId, flow: 'contact', step: 'message' },
    });

    // Eleven months on: nothing is due yet (the idle conversation step goes, after 30 days).
    t.clock.advance(335 * DAY);
    expect(await enforceRetention(t.core.deps)).toMatchObject({
      mediations: 0,
      files: 0,
      messages: 0,
      accounts: 0,
      conversations: 1,
    });
    expect(await columnsHolding(t.db, 'Okapi-4410')).not.toEqual([]);
    expect(
      await t.db.prisma.outboxMessage.count({ where: { personId: setup.stays.personId } }),
    ).toBeGreaterThan(0);

    // Past twelve months, in small batches as for a large mediation: the clock says more is waiting.
    t.clock.advance(31 * DAY);
    const first = await enforceRetention(t.core.deps, { batchSize: 1, maxBatches: 2 });
    expect(first).toMatchObject({ moreWaiting: true, files: 2 });
    expect(
      (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: setup.mediationId } }))
        .personalDataPurgedAt,
    ).toBeNull();
    let runs = 1;
    while ((await enforceRetention(t.core.deps, { batchSize: 1, maxBatches: 2 })).moreWaiting) runs += 1;
    expect(runs).toBeLessThan(10);
    await storedFilesSettled();

    // Gone: the words, the proof, the link to the persons, the year-old notifications (sent or not).
    const notices = await t.db.prisma.outboxMessage.findMany({ where: { personId: setup.stays.personId } });
    expect(notices.filter((row) => row.createdAt < new Date(t.clock.now().getTime() - 365 * DAY))).toEqual(
      [],
    );
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'contactMessage' } })).toBe(0);
    expect(await columnsHolding(t.db, 'Okapi-4410')).toEqual([]);
    expect(
      await t.db.prisma.evidence.count({ where: { participant: { mediationId: setup.mediationId } } }),
    ).toBe(0);
    for (const key of storageKeys) await expect(t.evidence.get(key)).rejects.toThrow();
    expect(t.evidence.size()).toBe(before.storedFiles - 2);
    const after = await filesOf(setup.mediationId);
    expect(after).toHaveLength(before.files.length);
    for (const [index, file] of after.entries()) {
      const was = before.files[index];
      expect(file).toMatchObject({
        id: was?.id,
        status: was?.status,
        amountCents: was?.amountCents,
        submittedAt: was?.submittedAt,
        decidedAt: was?.decidedAt,
        rejectionReason: was?.rejectionReason,
        consentDataAt: was?.consentDataAt,
        description: null,
        problemDate: null,
        priorComplaintDate: null,
      });
      expect(file.personId).not.toBe(was?.personId);
      const stranger = await t.db.prisma.person.findUniqueOrThrow({
        where: { id: file.personId },
        include: { identities: true, participants: true },
      });
      expect(stranger.erasedAt).not.toBeNull();
      expect(stranger.identities).toEqual([]);
      expect(stranger.participants).toHaveLength(1);
    }
    expect(
      await t.db.prisma.payout.findFirstOrThrow({ where: { participantId: setup.staysFile } }),
    ).toMatchObject({
      amountCents: 6000,
      problemNote: null,
    });

    // Kept: every figure, the annual report, the votes, the adhesions, the audit chain.
    expect(await mediationStatistics(t.core.deps, { mediationId: setup.mediationId })).toEqual(
      before.statistics,
    );
    expect(await annualReport(t.core.deps, { year })).toEqual(before.report);
    expect(
      await t.db.prisma.vote.findMany({ include: { publishedList: true }, orderBy: { id: 'asc' } }),
    ).toEqual(before.votes);
    expect(await t.db.prisma.adhesion.findMany({ orderBy: { participantId: 'asc' } })).toEqual(
      before.adhesions,
    );
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
    const purged = await t.db.prisma.auditEntry.findMany({
      where: { action: 'mediation.personalDataPurged' },
    });
    expect(purged).toEqual([
      expect.objectContaining({
        actor: 'system:retention',
        mediationId: setup.mediationId,
        details: { files: before.files.length, retentionMonths: 12 },
      }),
    ]);

    // The account of someone gone a year with no file left is erased; one with a running file stays.
    expect(await t.db.prisma.platformIdentity.count({ where: { externalId: setup.leaves.externalId } })).toBe(
      0,
    );
    expect(
      (await t.db.prisma.person.findUniqueOrThrow({ where: { id: setup.leaves.personId } })).erasedAt,
    ).not.toBeNull();
    expect(await t.db.prisma.platformIdentity.count({ where: { externalId: setup.stays.externalId } })).toBe(
      1,
    );
    expect(
      await t.db.prisma.auditEntry.count({
        where: { action: 'person.expired', subjectId: setup.leaves.personId },
      }),
    ).toBe(1);

    // Run again (late, twice): nothing more to do, nothing written.
    const entries = await t.db.prisma.auditEntry.count();
    expect(await enforceRetention(t.core.deps)).toMatchObject({
      mediations: 0,
      files: 0,
      evidenceFiles: 0,
      accounts: 0,
    });
    expect(await t.db.prisma.auditEntry.count()).toBe(entries);
  });
});
