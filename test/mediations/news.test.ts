import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { type NotificationPayload, renderNotification } from '../../core/i18n/render.ts';
import { useTestCore } from '../support/core.ts';
import {
  createDraft,
  expectRefused,
  fireTimers,
  fixedOffer,
  inNegotiation,
  makePublic,
  mediator,
} from './fixtures.ts';

const t = useTestCore({ checkAuditChain: true });

const newsOf = (mediationId: string) =>
  t.db.prisma.outboxMessage.findMany({
    where: { audience: 'public', payload: { path: ['refs', 'mediationId'], equals: mediationId } },
    orderBy: { createdAt: 'asc' },
  });

const render = (locale: 'fr' | 'en', payload: unknown) =>
  renderNotification(locale, payload as NotificationPayload);

describe('the public news of a mediation', () => {
  it('announces the opening of registration once, even when the command is sent again', async () => {
    const mediationId = await createDraft(t);
    await makePublic(t, mediationId);
    const closesAt = new Date(t.clock.now().getTime() + 10 * DAY);
    unwrap(await t.core.openRegistration(mediator, { mediationId, registrationClosesAt: closesAt }));
    expectRefused(await t.core.openRegistration(mediator, { mediationId }), 'ILLEGAL_TRANSITION');

    const news = await newsOf(mediationId);
    expect(news).toEqual([
      expect.objectContaining({
        dedupKey: `news:registrationOpened:${mediationId}`,
        kind: 'newsRegistrationOpened',
        personId: null,
        status: 'PENDING',
      }),
    ]);
    const text = render('fr', news[0]?.payload);
    expect(text).toContain('Nouvelle médiation collective\u00a0: «\u00a0Frais cachés RED\u00a0»');
    expect(text).toContain('Des frais facturés sans accord.');
    expect(text).toContain('Les inscriptions sont ouvertes jusqu');
    expect(render('en', news[0]?.payload)).toContain('Registration is open until');
  });

  it('announces a vote opening and its result, with counts only, once each', async () => {
    const { mediationId, members } = await inNegotiation(t, { admitted: 3, newsPublic: true });
    const { offerId } = unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
    expect(offerId).toBeDefined();
    const choices = ['ACCEPT', 'ACCEPT', 'REFUSE'] as const;
    for (const [i, member] of members.entries()) {
      unwrap(
        await t.core.castBallot(personActor(member.personId), { voteId, choice: choices[i] ?? 'ABSTAIN' }),
      );
    }
    unwrap(await t.core.closeVote(mediator, { voteId }));
    // Sent again by a mediator, and the deadline's clock firing later: nothing more is announced.
    expectRefused(await t.core.closeVote(mediator, { voteId }), 'RULE_VIOLATION');
    t.clock.advance(8 * DAY);
    await fireTimers(t);

    const news = (await newsOf(mediationId)).filter((row) => row.kind !== 'newsRegistrationOpened');
    expect(news.map((row) => [row.kind, row.dedupKey])).toEqual([
      ['newsVoteOpened', `news:voteOpened:${voteId}`],
      ['newsVoteResult', `news:voteResult:${voteId}`],
      // The audit log's head once the close is in it (test/audit/head-publication.test.ts).
      ['newsAuditHead', `news:auditHead:${voteId}`],
    ]);
    const [opened, result] = news.map((row) => row.payload as unknown as NotificationPayload);
    expect(render('fr', opened)).toContain('Vote ouvert — «\u00a0Frais cachés RED\u00a0» (offre n° 1)');
    expect(render('fr', opened)).toContain('au moins 75\u00a0%');
    expect(result?.params).toMatchObject({
      outcome: 'REJECTED',
      accept: 2,
      refuse: 1,
      abstain: 0,
      electorate: 3,
      thresholdPercent: 75,
    });
    expect(render('fr', result)).toContain(
      'l’offre est REFUSÉE.\n2 pour sur 3 votant·es possibles, soit 66,67\u00a0% (il en fallait au moins 75\u00a0%)\u00a0; 1 contre, 0 abstention et 0 sans réponse.',
    );
    expect(render('en', result)).toContain(
      'the offer is REJECTED.\n2 for out of 3 possible voters, that is 66.67% (at least 75% was needed); 1 against, 0 abstentions and 0 without an answer.',
    );

    // Never a person, a file, or a receipt that could be matched to someone.
    const everything = JSON.stringify(news);
    for (const member of members) {
      expect(everything).not.toContain(member.personId);
      expect(everything).not.toContain(member.participantId);
    }
    const receipts = await t.db.prisma.ballot.findMany({ where: { voteId }, select: { receiptCode: true } });
    for (const { receiptCode } of receipts) expect(everything).not.toContain(receiptCode);
    expect(news.every((row) => row.personId === null && row.audience === 'public')).toBe(true);
  });
});
