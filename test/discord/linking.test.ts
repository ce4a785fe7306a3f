import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { fixedOffer, inNegotiation, mediator } from '../mediations/fixtures.ts';
import { insertParticipant } from '../support/participants.ts';
import { press, slash, useDiscordBot } from './harness.ts';

const h = useDiscordBot();
let accounts = 0;

/** A person as the Telegram bot knows them: one Telegram account, nothing else. */
async function telegramPerson() {
  const externalId = `tg-${++accounts}`;
  return unwrap(
    await h.t.core.identifyPerson(systemActor('telegram'), {
      platform: 'TELEGRAM',
      externalId,
      chatId: externalId,
    }),
  ).personId;
}

/** An admitted file of this person in this mediation (the joining journey is tested elsewhere). */
function fileOf(personId: string, mediationId: string) {
  return insertParticipant(h.t.db, mediationId, h.t.clock.now(), { personId, amountCents: 5_000 });
}

const discordPersonOf = async (account: { id: string }) =>
  (
    await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'DISCORD', externalId: account.id } },
    })
  ).personId;

describe('one person on Telegram and Discord', () => {
  it('links a Discord account with /lier, then votes from Discord on the same ballot, never a second one', async () => {
    const { mediationId } = await inNegotiation(h.t, { admitted: 2 });
    const personId = await telegramPerson();
    await fileOf(personId, mediationId);
    unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const closesAt = new Date(h.t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await h.t.core.openVote(mediator, { mediationId, closesAt }));
    // Voted from Telegram.
    unwrap(await h.t.core.castBallot(personActor(personId), { voteId, choice: 'ACCEPT' }));
    const ballotsBefore = await h.t.db.prisma.ballot.count({ where: { voteId } });
    expect(ballotsBefore).toBe(1);

    // The code shown on Telegram, typed on Discord.
    const { code } = unwrap(await h.t.core.createLinkCode(personActor(personId), {}));
    const zoe = h.fake.person({ locale: 'fr' });
    expect(await slash(h, zoe, 'lier', [{ name: 'code', type: 3, value: code }])).toContain(
      text('fr', 'linking:confirm', { platform: 'Discord' }).slice(0, 40),
    );
    const done = await press(h, zoe, text('fr', 'linking:yes'));
    expect(done).toContain(text('fr', 'linking:done', { platforms: 'Telegram, Discord' }));
    expect(await discordPersonOf(zoe)).toBe(personId);

    // From Discord: the vote card of that same file, and a changed ballot.
    expect(await slash(h, zoe, 'voter')).toContain('Frais cachés RED');
    const changed = await press(h, zoe, 'Refuser');
    expect(changed).toContain('votre vote est changé');
    const ballots = await h.t.db.prisma.ballot.findMany({ where: { voteId } });
    expect(ballots).toEqual([expect.objectContaining({ choice: 'REFUSE' })]);
    expect(ballots).toHaveLength(ballotsBefore);
    const voted = await h.t.db.prisma.auditEntry.findMany({
      where: { subjectId: voteId, action: { in: ['ballot.cast', 'ballot.changed'] } },
      orderBy: { seq: 'asc' },
    });
    expect(voted.map((entry) => [entry.actor, entry.action])).toEqual([
      [`person:${personId}`, 'ballot.cast'],
      [`person:${personId}`, 'ballot.changed'],
    ]);
  }, 30_000);

  it('refuses to link two accounts that each joined the same mediation, and changes nothing', async () => {
    const { mediationId } = await inNegotiation(h.t, { admitted: 1 });
    const personId = await telegramPerson();
    await fileOf(personId, mediationId);
    const yan = h.fake.person({ locale: 'fr' });
    await slash(h, yan, 'aide');
    const yanPersonId = await discordPersonOf(yan);
    await fileOf(yanPersonId, mediationId);

    const { code } = unwrap(await h.t.core.createLinkCode(personActor(personId), {}));
    await slash(h, yan, 'lier', [{ name: 'code', type: 3, value: code }]);
    const refused = await press(h, yan, text('fr', 'linking:yes'));
    expect(refused).toContain(text('fr', 'linking:errors.sameMediation', { title: 'Frais cachés RED' }));
    expect(await discordPersonOf(yan)).toBe(yanPersonId);
    expect(await h.t.db.prisma.participant.count({ where: { mediationId, personId: yanPersonId } })).toBe(1);
    expect(
      await h.t.db.prisma.auditEntry.count({ where: { action: 'person.linked', subjectId: personId } }),
    ).toBe(0);
  }, 30_000);
});
