import { describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { storedFilesSettled } from '../../core/storage/stored-files.ts';
import { useTestCore } from '../support/core.ts';
import { ballotsInPublishedList } from '../support/published-list.ts';
import {
  admittedFiles,
  auditEntries,
  complaint,
  createOpenMediation,
  createPerson,
  createVote,
  joinEligible,
  sampleFiles,
} from './fixtures.ts';

const t = useTestCore();

/**
 * One person with a bit of everything: an admitted file with proof in a mediation whose first offer was
 * accepted (adhesion, payout, a problem note), a vote running in a second mediation where they voted,
 * and a conversation in progress.
 */
async function setUpPerson() {
  const context = await createOpenMediation(t);
  const person = await createPerson(t);
  const participantId = await joinEligible(t, person.actor, context);
  unwrap(await t.core.describeComplaint(person.actor, { participantId, ...complaint }));
  const { evidence } = unwrap(
    await t.core.addEvidence(person.actor, {
      participantId,
      bytes: sampleFiles.png,
      fileName: 'facture.png',
    }),
  );
  unwrap(await t.core.submitFile(person.actor, { participantId }));
  unwrap(await t.core.admitParticipant({ kind: 'mediator', mediatorId: 'U_LEAD' }, { participantId }));
  const [other] = await admittedFiles(t, context, 1);
  if (!other) throw new Error('a second participant expected');

  // Round 1 was accepted: the person signed and was paid.
  const accepted = await createVote(t, {
    mediationId: context.mediation.id,
    round: 1,
    electorate: [participantId, other.participantId],
    ballots: [
      { participantId, choice: 'ACCEPT' },
      { participantId: other.participantId, choice: 'ACCEPT' },
    ],
    closed: true,
  });
  await t.db.prisma.adhesion.create({
    data: { offerId: accepted.offer.id, participantId, decision: 'ADHERED', decidedAt: t.clock.now() },
  });
  await t.db.prisma.payout.create({
    data: {
      offerId: accepted.offer.id,
      participantId,
      amountCents: 5000,
      status: 'PROBLEM',
      problemNote: 'Virement reçu sur le compte de ma sœur Julie',
    },
  });
  // A second mediation, where a vote is running and the person has voted.
  const second = await createOpenMediation(t);
  const voter = await joinEligible(t, person.actor, second);
  unwrap(await t.core.describeComplaint(person.actor, { participantId: voter, ...complaint }));
  unwrap(await t.core.submitFile(person.actor, { participantId: voter }));
  unwrap(await t.core.admitParticipant({ kind: 'mediator', mediatorId: 'U_LEAD' }, { participantId: voter }));
  const running = await createVote(t, {
    mediationId: second.mediation.id,
    round: 1,
    electorate: [voter],
    ballots: [{ participantId: voter, choice: 'REFUSE' }],
  });
  await t.db.prisma.conversationState.create({
    data: {
      platform: 'TELEGRAM',
      externalId: person.externalId,
      flow: 'join',
      step: 'amount',
      data: { draft: '59,88' },
    },
  });
  await storedFilesSettled();
  return { person, participantId, voter, evidence, accepted, running, context, second };
}

describe('exporting my data (/mesdonnees)', () => {
  it('holds every item about me as plain JSON: my ballot only while its vote is open', async () => {
    const setup = await setUpPerson();
    unwrap(
      await t.core.contactMediators(setup.person.actor, {
        message: 'Mon conseiller m’a promis un geste, rien reçu.',
        participantId: setup.participantId,
      }),
    );
    const data = unwrap(await t.core.exportPersonData(setup.person.actor, {}));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data); // plain JSON, no Date or BigInt left

    expect(data.person.id).toBe(setup.person.personId);
    expect(data.identities).toEqual([
      expect.objectContaining({ platform: 'TELEGRAM', externalId: setup.person.externalId, linkedAt: null }),
    ]);
    expect(data.conversations).toEqual([expect.objectContaining({ flow: 'join', data: { draft: '59,88' } })]);
    const evidenceRow = await t.db.prisma.evidence.findUniqueOrThrow({ where: { id: setup.evidence.id } });
    const file = data.files.find((entry) => entry.participantId === setup.participantId);
    expect(file).toMatchObject({
      status: 'ADMITTED',
      consents: {
        terms: expect.any(String),
        grouping: expect.any(String),
        dataProcessing: expect.any(String),
      },
      complaint: {
        description: complaint.description,
        amountCents: 5988,
        problemDate: '2026-01-15',
        priorComplaintDate: '2026-02-10',
      },
      eligibility: [expect.objectContaining({ answer: true }), expect.objectContaining({ answer: false })],
      evidence: [
        expect.objectContaining({
          fileName: 'facture.png',
          mimeType: 'image/png',
          sha256: evidenceRow.sha256,
        }),
      ],
      // Called to the closed vote and voted: what they chose is nobody's to say any more.
      votes: [
        {
          voteId: setup.accepted.vote.id,
          round: 1,
          open: false,
          voted: true,
          closesAt: expect.any(String),
          leftElectorateAt: null,
        },
      ],
      adhesions: [expect.objectContaining({ decision: 'ADHERED', round: 1 })],
      payouts: [
        expect.objectContaining({
          amountCents: 5000,
          status: 'PROBLEM',
          problemNote: expect.stringContaining('Julie'),
        }),
      ],
    });
    expect(evidenceRow.sha256).toMatch(/^[0-9a-f]{64}$/);
    const running = data.files.find((entry) => entry.participantId === setup.voter);
    const ballot = await t.db.prisma.ballot.findFirstOrThrow({ where: { participantId: setup.voter } });
    expect(running?.votes).toEqual([
      expect.objectContaining({
        voteId: setup.running.vote.id,
        open: true,
        voted: true,
        currentBallot: { choice: 'REFUSE', receiptCode: ballot.receiptCode },
      }),
    ]);
    expect(data.files).toHaveLength(2);
    expect(data.messagesToMediators).toEqual([
      expect.objectContaining({
        kind: 'contactMessage',
        text: 'Mon conseiller m’a promis un geste, rien reçu.',
      }),
    ]);
    expect(data.messages.map((message) => message.kind)).toEqual(
      expect.arrayContaining(['openingNotice', 'fileAdmitted']),
    );
    const actions = data.auditEntries.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['person.created', 'participant.submitted', 'person.contacted']),
    );
    expect(
      data.auditEntries.filter((entry) => entry.subjectId === setup.participantId).length,
    ).toBeGreaterThan(0);
    expect(data.auditEntries.every((entry) => /^[0-9a-f]{64}$/.test(entry.hash))).toBe(true);
    // No internal storage key.
    expect(JSON.stringify(data)).not.toMatch(/storageKey|storage_key/i);
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'person.dataExported' } })).toBeGreaterThan(
      0,
    );

    // Once the vote closes its ballot is unlinked: the export never shows the choice again.
    await t.db.prisma.mediation.update({
      where: { id: setup.second.mediation.id },
      data: { status: 'VOTING' },
    });
    unwrap(
      await t.core.closeVote({ kind: 'mediator', mediatorId: 'U_LEAD' }, { voteId: setup.running.vote.id }),
    );
    const after = unwrap(await t.core.exportPersonData(setup.person.actor, {}));
    const closed = after.files.find((entry) => entry.participantId === setup.voter);
    expect(closed?.votes).toEqual([expect.objectContaining({ open: false, voted: true })]);
    expect(JSON.stringify(after)).not.toMatch(/REFUSE|currentBallot|receiptCode/);
  });
});

describe('erasing my data (/supprimer)', () => {
  it('pseudonymises the person and keeps every count, tally and the audit chain', async () => {
    const setup = await setUpPerson();
    const { personId } = setup.person;
    const evidenceRow = await t.db.prisma.evidence.findUniqueOrThrow({ where: { id: setup.evidence.id } });
    const before = {
      participants: await t.db.prisma.participant.count(),
      electorate: await t.db.prisma.electorateMember.count(),
      closedVote: await t.db.prisma.vote.findUniqueOrThrow({ where: { id: setup.accepted.vote.id } }),
      adhesions: await t.db.prisma.adhesion.count(),
      payouts: await t.db.prisma.payout.count(),
    };

    expect(await t.core.erasePerson(setup.person.actor, { confirm: false } as never)).toMatchObject({
      ok: false,
    });
    unwrap(await t.core.erasePerson(setup.person.actor, { confirm: true }));
    await storedFilesSettled();

    // Gone: the links to a real person and the free text.
    expect(await t.db.prisma.platformIdentity.count({ where: { personId } })).toBe(0);
    expect(
      await t.db.prisma.conversationState.count({ where: { externalId: setup.person.externalId } }),
    ).toBe(0);
    expect(await t.db.prisma.outboxMessage.count({ where: { personId } })).toBe(0);
    expect(await t.db.prisma.evidence.count({ where: { participant: { personId } } })).toBe(0);
    await expect(t.evidence.get(evidenceRow.storageKey)).rejects.toThrow();
    const files = await t.db.prisma.participant.findMany({
      where: { personId },
      orderBy: { createdAt: 'asc' },
    });
    for (const file of files) {
      expect(file).toMatchObject({
        status: 'WITHDRAWN',
        description: null,
        problemDate: null,
        priorComplaintDate: null,
        amountCents: 5988, // kept: an anonymous figure for "total claimed"
      });
      expect(file.consentTermsAt).not.toBeNull();
    }
    const payout = await t.db.prisma.payout.findFirstOrThrow({
      where: { participantId: setup.participantId },
    });
    expect(payout).toMatchObject({ problemNote: null, amountCents: 5000 });
    const person = await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
    expect(person.erasedAt).toEqual(t.clock.now());

    // The running vote no longer counts them; the closed one is untouched.
    expect(await t.db.prisma.ballot.count({ where: { voteId: setup.running.vote.id } })).toBe(0);
    expect(await t.db.prisma.ballot.count({ where: { participantId: setup.voter } })).toBe(0);
    const member = await t.db.prisma.electorateMember.findUniqueOrThrow({
      where: { voteId_participantId: { voteId: setup.running.vote.id, participantId: setup.voter } },
    });
    expect(member.leftAt).toEqual(t.clock.now());
    expect(await t.db.prisma.vote.findUniqueOrThrow({ where: { id: setup.accepted.vote.id } })).toEqual(
      before.closedVote,
    );
    expect(await ballotsInPublishedList(t.db, setup.accepted.vote.id)).toBe(2);

    // Counts and history stay.
    expect(await t.db.prisma.participant.count()).toBe(before.participants);
    expect(await t.db.prisma.electorateMember.count()).toBe(before.electorate);
    expect(await t.db.prisma.adhesion.count()).toBe(before.adhesions);
    expect(await t.db.prisma.payout.count()).toBe(before.payouts);
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
    const erased = await t.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'person.erased' } });
    expect(erased.details).toEqual({
      files: 2,
      withdrawn: 2,
      evidenceFiles: 1,
      payoutProofs: 0,
      identities: 1,
    });

    // The mediators learn of the withdrawals, with ids only.
    const notices = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'participantWithdrew' } });
    expect(notices.map((notice) => notice.dedupKey)).toEqual(
      expect.arrayContaining([
        `participantWithdrew:${setup.participantId}`,
        `participantWithdrew:${setup.voter}`,
      ]),
    );

    // The erased id can do nothing more; the same Telegram account starts afresh as a new person.
    expect(await t.core.exportPersonData(setup.person.actor, {})).toMatchObject({
      ok: false,
      error: { messageKey: 'errors:personNotFound' },
    });
    expect(await t.core.erasePerson(setup.person.actor, { confirm: true })).toMatchObject({ ok: false });
    const again = unwrap(
      await t.core.identifyPerson(systemActor('telegram'), {
        platform: 'TELEGRAM',
        externalId: setup.person.externalId,
      }),
    );
    expect(again).toMatchObject({ created: true });
    expect(again.personId).not.toBe(personId);
    expect(await t.core.query.myFiles({ personId })).toEqual([]);
  });

  it('never wrote complaint text, amounts or file names into the audit log', async () => {
    const entries = await auditEntries(t);
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      const details = JSON.stringify(entry.details);
      expect(details).not.toContain('frais');
      expect(details).not.toContain('facture');
      expect(details).not.toMatch(/59[,.]?88|5988|Julie/);
      for (const value of Object.values(entry.details as Record<string, unknown>)) {
        expect(value).not.toBe(5988);
      }
    }
    expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
  });
});
