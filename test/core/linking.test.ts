import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../core/clock/clock.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { mediatorActor, personActor, systemActor } from '../../core/domain/actor.ts';
import { type Result, unwrap } from '../../core/domain/errors.ts';
import { hashLinkCode, normaliseLinkCode } from '../../core/people/link-code.ts';
import { MAX_FAILED_ATTEMPTS_PER_HOUR, pruneLinking } from '../../core/people/linking.ts';
import { useTestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';

const t = useTestCore({ checkAuditChain: true });
const mediator = mediatorActor('slack:T1/U1');
let accounts = 0;

/** A person first seen on one platform, as an adapter makes them. */
async function personOn(platform: Platform, locale?: 'fr' | 'en') {
  const externalId = `${platform.toLowerCase()}-${++accounts}`;
  const { personId } = unwrap(
    await t.core.identifyPerson(systemActor(platform.toLowerCase()), {
      platform,
      externalId,
      chatId: externalId,
    }),
  );
  if (locale) unwrap(await t.core.setLocale(personActor(personId), { locale }));
  return { personId, platform, externalId };
}

/** Who an account is now, as the adapters ask on every update. */
async function whoIs(account: { platform: Platform; externalId: string }) {
  return unwrap(
    await t.core.identifyPerson(systemActor('test'), {
      platform: account.platform,
      externalId: account.externalId,
    }),
  ).personId;
}

const newCode = async (personId: string) =>
  unwrap(await t.core.createLinkCode(personActor(personId), {})).code;
const redeem = (personId: string, code: string) =>
  t.core.redeemLinkCode(personActor(personId), { code, confirm: true });

function refusal(result: Result<unknown>) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  return result.ok ? undefined : result.error;
}

async function fileOf(personId: string, mediationId: string) {
  const { participantId } = await insertParticipant(t.db, mediationId, t.clock.now(), {
    personId,
    amountCents: 5_000,
  });
  return { id: participantId, personId };
}

describe('a link code', () => {
  it('is 8 characters easy to type, valid 15 minutes, and only its hash is stored and never audited', async () => {
    const { personId } = await personOn('TELEGRAM');
    const created = unwrap(await t.core.createLinkCode(personActor(personId), {}));
    expect(created.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(created.expiresAt).toEqual(new Date(t.clock.now().getTime() + 15 * MINUTE));
    const canonical = normaliseLinkCode(created.code) ?? '';
    // Typed by hand: lower case, spaces, O for 0 and I or L for 1 are all understood.
    expect(normaliseLinkCode(` ${created.code.toLowerCase().replace('-', ' ')} `)).toBe(canonical);
    expect(normaliseLinkCode('0O1IL-000')).toBe('00111000');
    expect(normaliseLinkCode('ABCD-EFG')).toBeNull();
    expect(normaliseLinkCode('ABCD-EFGU')).toBeNull();

    const rows = await t.db.prisma.linkCode.findMany({ where: { personId } });
    expect(rows).toEqual([expect.objectContaining({ codeHash: hashLinkCode(canonical), usedAt: null })]);
    const stored = JSON.stringify(await t.db.sql.query('SELECT * FROM link_code'));
    expect(stored).not.toContain(canonical);
    const audit = await t.db.prisma.auditEntry.findMany({ where: { subjectId: personId } });
    expect(audit.map((entry) => entry.action)).toContain('person.linkCodeCreated');
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain(canonical);
  });

  it('is one of at most three live codes per person: a new one retires the oldest', async () => {
    const { personId } = await personOn('TELEGRAM');
    const codes = [];
    for (let i = 0; i < 4; i++) {
      codes.push(await newCode(personId));
      t.clock.advance(1000);
    }
    expect(await t.db.prisma.linkCode.count({ where: { personId } })).toBe(3);
    const redeemer = await personOn('DISCORD');
    expect(refusal(await redeem(redeemer.personId, codes[0] ?? ''))?.messageKey).toBe(
      'linking:errors.codeWrong',
    );
    unwrap(await redeem(redeemer.personId, codes[3] ?? ''));
  });
});

describe('linking two accounts', () => {
  it('makes them one person: the other platform finds the same person, who cannot join twice', async () => {
    const telegram = await personOn('TELEGRAM');
    const discord = await personOn('DISCORD');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    await t.db.prisma.mediation.update({
      where: { id: f.mediationId },
      data: { status: 'OPEN', registrationClosesAt: new Date(t.clock.now().getTime() + 5 * DAY) },
    });
    const consents = { terms: true, grouping: true, dataProcessing: true };
    unwrap(
      await t.core.joinMediation(personActor(telegram.personId), { mediationId: f.mediationId, consents }),
    );

    const linked = unwrap(await redeem(discord.personId, await newCode(telegram.personId)));
    expect(linked).toMatchObject({
      personId: telegram.personId,
      retiredPersonId: discord.personId,
      platforms: ['TELEGRAM', 'DISCORD'],
      filesMoved: 0,
    });
    expect(await whoIs(discord)).toBe(telegram.personId);
    expect(await whoIs(telegram)).toBe(telegram.personId);
    const again = refusal(
      await t.core.joinMediation(personActor(await whoIs(discord)), { mediationId: f.mediationId, consents }),
    );
    expect(again?.messageKey).toBe('participants:errors.alreadyJoined');
    expect(await t.db.prisma.participant.count({ where: { mediationId: f.mediationId } })).toBe(1);

    const retired = await t.db.prisma.person.findUniqueOrThrow({ where: { id: discord.personId } });
    expect(retired).toMatchObject({ erasedAt: t.clock.now(), locale: null });
    const actions = await t.db.prisma.auditEntry.findMany({
      where: {
        action: { in: ['person.linked', 'person.retired'] },
        subjectId: { in: [telegram.personId, discord.personId] },
      },
    });
    expect(actions.map((entry) => [entry.action, entry.subjectId])).toEqual([
      ['person.linked', telegram.personId],
      ['person.retired', discord.personId],
    ]);
  });

  it('moves the files, notifications and language of the account typing the code; conversations stay', async () => {
    const keeper = await personOn('TELEGRAM');
    const joiner = await personOn('DISCORD', 'en');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const file = await fileOf(joiner.personId, f.mediationId);
    await t.db.prisma.outboxMessage.create({
      data: {
        dedupKey: `test:${file.id}`,
        personId: joiner.personId,
        kind: 'fileAdmitted',
        payload: { textKey: 'participants:notify.fileAdmitted' },
      },
    });
    await t.db.prisma.conversationState.create({
      data: { platform: 'DISCORD', externalId: joiner.externalId, flow: 'join', step: 'amount' },
    });

    const linked = unwrap(await redeem(joiner.personId, await newCode(keeper.personId)));
    expect(linked.filesMoved).toBe(1);
    expect(await t.db.prisma.participant.findUniqueOrThrow({ where: { id: file.id } })).toMatchObject({
      personId: keeper.personId,
      status: 'ADMITTED',
    });
    // The joiner's notification, and the keeper's own account told of the link.
    expect(
      (await t.db.prisma.outboxMessage.findMany({ where: { personId: keeper.personId } }))
        .map((row) => row.kind)
        .sort(),
    ).toEqual(['accountLinked', 'fileAdmitted']);
    expect(await t.db.prisma.outboxMessage.count({ where: { personId: joiner.personId } })).toBe(0);
    expect(await t.db.prisma.platformIdentity.count({ where: { personId: joiner.personId } })).toBe(0);
    expect(
      await t.db.prisma.conversationState.findUniqueOrThrow({
        where: { platform_externalId: { platform: 'DISCORD', externalId: joiner.externalId } },
      }),
    ).toMatchObject({ flow: 'join', step: 'amount' });
    // The kept person had no language of their own: they take the one chosen on the other app.
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: keeper.personId } })).locale).toBe(
      'en',
    );
  });

  it('refuses, changing nothing, when both persons have a file in the same mediation', async () => {
    const keeper = await personOn('TELEGRAM');
    const joiner = await personOn('DISCORD');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 0 });
    const keeperFile = await fileOf(keeper.personId, f.mediationId);
    const joinerFile = await fileOf(joiner.personId, f.mediationId);
    const code = await newCode(keeper.personId);
    const before = await t.db.prisma.auditEntry.count();

    const error = refusal(await redeem(joiner.personId, code));
    expect(error).toEqual({
      code: 'RULE_VIOLATION',
      messageKey: 'linking:errors.sameMediation',
      params: { title: 'Frais supplémentaires' },
    });
    expect(await whoIs(joiner)).toBe(joiner.personId);
    expect(await t.db.prisma.participant.findUniqueOrThrow({ where: { id: joinerFile.id } })).toMatchObject({
      personId: joiner.personId,
    });
    expect(await t.db.prisma.participant.findUniqueOrThrow({ where: { id: keeperFile.id } })).toMatchObject({
      personId: keeper.personId,
    });
    expect(
      (await t.db.prisma.person.findUniqueOrThrow({ where: { id: joiner.personId } })).erasedAt,
    ).toBeNull();
    expect(
      (await t.db.prisma.linkCode.findFirstOrThrow({ where: { personId: keeper.personId } })).usedAt,
    ).toBeNull();
    expect(await t.db.prisma.linkAttempt.count({ where: { personId: joiner.personId } })).toBe(0);
    expect(await t.db.prisma.auditEntry.count()).toBe(before);
  });

  it('never lets a person vote twice: a ballot cast on one platform is changed, not doubled, from the other', async () => {
    const telegram = await personOn('TELEGRAM');
    const discord = await personOn('DISCORD');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const file = await fileOf(telegram.personId, f.mediationId);
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    unwrap(await t.core.castBallot(personActor(telegram.personId), { voteId, choice: 'ACCEPT' }));
    // Before linking, the Discord account is someone else, outside the electorate.
    expect(
      refusal(await t.core.castBallot(personActor(discord.personId), { voteId, choice: 'REFUSE' })),
    ).toMatchObject({
      messageKey: 'votes:errors.notInElectorate',
    });

    unwrap(await redeem(discord.personId, await newCode(telegram.personId)));
    unwrap(await t.core.castBallot(personActor(await whoIs(discord)), { voteId, choice: 'REFUSE' }));
    const ballots = await t.db.prisma.ballot.findMany({ where: { voteId } });
    expect(ballots).toEqual([expect.objectContaining({ participantId: file.id, choice: 'REFUSE' })]);
  });

  it('keeps a ballot cast before linking by the account typing the code: its file moves with it', async () => {
    const keeper = await personOn('TELEGRAM');
    const joiner = await personOn('DISCORD');
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const file = await fileOf(joiner.personId, f.mediationId);
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    unwrap(await t.core.castBallot(personActor(joiner.personId), { voteId, choice: 'ABSTAIN' }));

    unwrap(await redeem(joiner.personId, await newCode(keeper.personId)));
    const changed = unwrap(
      await t.core.castBallot(personActor(keeper.personId), { voteId, choice: 'ACCEPT' }),
    );
    expect(changed).toBeDefined();
    expect((await t.db.prisma.ballot.findMany({ where: { voteId } })).map((b) => b.choice)).toEqual([
      'ACCEPT',
    ]);
    expect(
      await t.db.prisma.electorateMember.findUniqueOrThrow({
        where: { voteId_participantId: { voteId, participantId: file.id } },
      }),
    ).toMatchObject({ hasVoted: true, leftAt: null });
  });

  it('lists both accounts in the data export of the linked person', async () => {
    const telegram = await personOn('TELEGRAM');
    const discord = await personOn('DISCORD');
    unwrap(await redeem(discord.personId, await newCode(telegram.personId)));
    const data = unwrap(await t.core.exportPersonData(personActor(telegram.personId), {}));
    expect(data.identities.map((identity) => [identity.platform, identity.externalId])).toEqual([
      ['TELEGRAM', telegram.externalId],
      ['DISCORD', discord.externalId],
    ]);
    expect(data.linkCodes).toEqual([expect.objectContaining({ usedAt: t.clock.now().toISOString() })]);
    expect(JSON.stringify(data)).not.toMatch(/codeHash|code_hash/);
    // The retired person is gone, like after an erasure.
    expect(refusal(await t.core.exportPersonData(personActor(discord.personId), {}))?.code).toBe('NOT_FOUND');
  });
});

describe('a code that does not work', () => {
  it('is refused when wrong, already used or expired, and each try is counted and audited without the code', async () => {
    const keeper = await personOn('TELEGRAM');
    const first = await personOn('DISCORD');
    const second = await personOn('DISCORD');
    const code = await newCode(keeper.personId);

    expect(refusal(await redeem(second.personId, 'ZZZZ-ZZZZ'))?.messageKey).toBe('linking:errors.codeWrong');
    expect(refusal(await redeem(second.personId, 'hello'))?.messageKey).toBe('linking:errors.codeWrong');
    unwrap(await redeem(first.personId, code));
    expect(refusal(await redeem(second.personId, code))?.messageKey).toBe('linking:errors.codeUsed');
    const late = await newCode(keeper.personId);
    t.clock.advance(15 * MINUTE);
    expect(refusal(await redeem(second.personId, late))).toEqual({
      code: 'RULE_VIOLATION',
      messageKey: 'linking:errors.codeExpired',
      params: { minutes: 15 },
    });

    expect(await t.db.prisma.linkAttempt.count({ where: { personId: second.personId } })).toBe(4);
    const failures = await t.db.prisma.auditEntry.findMany({
      where: { action: 'person.linkFailed', subjectId: second.personId },
    });
    expect(failures.map((entry) => entry.details)).toEqual([
      { failure: 'wrong' },
      { failure: 'wrong' },
      { failure: 'used' },
      { failure: 'expired' },
    ]);
    expect(JSON.stringify(failures.map((entry) => entry.details))).not.toContain(normaliseLinkCode(late));
    expect(await whoIs(second)).toBe(second.personId);
  });

  it('is its own person’s: nothing to link, and it is not counted as a wrong try', async () => {
    const keeper = await personOn('TELEGRAM');
    expect(refusal(await redeem(keeper.personId, await newCode(keeper.personId)))?.messageKey).toBe(
      'linking:errors.alreadyLinked',
    );
    expect(await t.db.prisma.linkAttempt.count({ where: { personId: keeper.personId } })).toBe(0);
  });

  it('cannot be guessed: after a few wrong tries in an hour even the right code waits', async () => {
    const keeper = await personOn('TELEGRAM');
    const guesser = await personOn('DISCORD');
    for (let i = 0; i < MAX_FAILED_ATTEMPTS_PER_HOUR; i++) {
      expect(refusal(await redeem(guesser.personId, `ZZZZ-ZZ${i}0`))?.messageKey).toBe(
        'linking:errors.codeWrong',
      );
      t.clock.advance(MINUTE);
    }
    const code = await newCode(keeper.personId);
    expect(refusal(await redeem(guesser.personId, code))).toEqual({
      code: 'RULE_VIOLATION',
      messageKey: 'linking:errors.tooManyAttempts',
      params: { count: 55 },
    });
    // A refusal for too many tries is not itself a try: waiting is enough.
    expect(await t.db.prisma.linkAttempt.count({ where: { personId: guesser.personId } })).toBe(
      MAX_FAILED_ATTEMPTS_PER_HOUR,
    );
    t.clock.advance(HOUR - 5 * MINUTE);
    unwrap(await redeem(guesser.personId, await newCode(keeper.personId)));
    expect(await whoIs(guesser)).toBe(keeper.personId);
  });
});

describe('housekeeping', () => {
  it('deletes codes expired and tries made more than a day ago, and keeps the recent ones', async () => {
    const early = await personOn('TELEGRAM');
    const late = await personOn('TELEGRAM');
    const other = await personOn('DISCORD');
    await newCode(early.personId);
    refusal(await redeem(other.personId, 'ZZZZ-ZZZZ'));
    t.clock.advance(DAY + 20 * MINUTE);
    await newCode(late.personId);
    refusal(await redeem(other.personId, 'YYYY-YYYY'));
    const rows = async () => ({
      codes: await t.db.prisma.linkCode.count({
        where: { personId: { in: [early.personId, late.personId] } },
      }),
      tries: await t.db.prisma.linkAttempt.count({ where: { personId: other.personId } }),
    });
    expect(await rows()).toEqual({ codes: 2, tries: 2 });
    // Earlier tests of this file left old rows too.
    expect(await pruneLinking(t.core.deps)).toBeGreaterThanOrEqual(2);
    expect(await rows()).toEqual({ codes: 1, tries: 1 });
  });
});

describe('erasing a person', () => {
  it('deletes their link codes and tries', async () => {
    const { personId } = await personOn('TELEGRAM');
    await newCode(personId);
    const other = await personOn('DISCORD');
    refusal(await redeem(other.personId, 'ZZZZ-ZZZZ'));
    unwrap(await t.core.erasePerson(personActor(personId), { confirm: true }));
    unwrap(await t.core.erasePerson(personActor(other.personId), { confirm: true }));
    expect(await t.db.prisma.linkCode.count({ where: { personId } })).toBe(0);
    expect(await t.db.prisma.linkAttempt.count({ where: { personId: other.personId } })).toBe(0);
  });
});
