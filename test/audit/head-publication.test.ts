import { describe, expect, it } from 'vitest';
import { armDailyAuditHead, nextDailyPost } from '../../core/audit/head-publication.ts';
import { listChainHeads, parseRootHeads } from '../../core/audit/roots.ts';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { verifyAuditReport } from '../../core/audit/verify-report.ts';
import { DAY, HOUR } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { type NotificationPayload, renderNotification } from '../../core/i18n/render.ts';
import { fireTimers, fixedOffer, inNegotiation, mediator } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore({ checkAuditChain: true });

const posts = (where: { kind: string; dedupKey?: { startsWith: string } }) =>
  t.db.prisma.outboxMessage.findMany({ where, orderBy: { createdAt: 'asc' } });
const payloadOf = (row: { payload: unknown } | undefined) => row?.payload as unknown as NotificationPayload;
const lastEntry = () => t.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });

/** A vote under way on a mediation of three participants; with `allVoted`, it may close early. */
async function runningVote({ allVoted = false } = {}) {
  const { mediationId, members } = await inNegotiation(t, { admitted: 3, newsPublic: true });
  unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
  for (const member of allVoted ? members : []) {
    unwrap(await t.core.castBallot(personActor(member.personId), { voteId, choice: 'ACCEPT' }));
  }
  return { mediationId, voteId };
}

describe('the audit head after a vote closes', () => {
  it('goes to the mediators and into the public news once the close is committed, with its real hash', async () => {
    const { mediationId, voteId } = await runningVote({ allVoted: true });
    unwrap(await t.core.closeVote(mediator, { voteId }));
    // The close's transaction only armed the post: its own `vote.closed` entry was appended last.
    expect(await posts({ kind: 'auditHead' })).toEqual([]);
    const closed = await lastEntry();
    expect(closed).toMatchObject({ action: 'vote.closed', subjectId: voteId });

    await fireTimers(t);
    const [toMediators] = await posts({ kind: 'auditHead' });
    const [news] = await posts({ kind: 'newsAuditHead' });
    // What is posted is the head of this mediation's own chain, the close included…
    const chain = await verifyAuditChains(t.db.prisma);
    expect(chain.valid).toBe(true);
    expect(chain.chains.find((c) => c.chain === mediationId)?.head).toEqual({
      position: closed.position,
      hash: closed.hash,
    });
    expect(closed.chain).toBe(mediationId);
    expect(toMediators).toMatchObject({ audience: 'mediators', dedupKey: `auditHead:vote:${voteId}` });
    // …and, for the mediators, the hash of a root appended right after, which binds it with every chain.
    const root = await lastEntry();
    expect(root).toMatchObject({ chain: 'none', action: 'audit.root', actor: 'system:audit' });
    expect(root.details).toMatchObject({ chains: 1, [mediationId]: `${closed.position}:${closed.hash}` });
    expect(payloadOf(toMediators).params).toMatchObject({
      hash: closed.hash,
      seq: Number(closed.position),
      round: 1,
      rootHash: root.hash,
      chains: 1,
    });
    expect(news).toMatchObject({ audience: 'public', personId: null, dedupKey: `news:auditHead:${voteId}` });
    expect(payloadOf(news).params).toMatchObject({ hash: closed.hash, seq: Number(closed.position) });
    expect(payloadOf(news).refs).toMatchObject({ mediationId, voteId });

    const fr = renderNotification('fr', payloadOf(toMediators));
    expect(fr).toContain(`npm run audit:verify -- --expect ${closed.hash}`);
    expect(fr).toContain('Vote clos — «\u00a0Frais cachés RED\u00a0» (offre n° 1)');
    expect(fr).toContain('la chaîne d’audit de cette médiation compte maintenant');
    expect(fr).toContain(root.hash);
    expect(renderNotification('en', payloadOf(news))).toContain(
      `this mediation's log holds ${closed.position} entries, and its fingerprint is ${closed.hash}`,
    );
    // What the mediators were given is what the verifier checks against.
    const byHead = await verifyAuditReport(t.db.prisma, 'test', closed.hash);
    expect(byHead.exitCode).toBe(0);
    expect(byHead.message).toContain(`is entry #${closed.position} of the chain “mediation ${mediationId}”`);
    const byRoot = await verifyAuditReport(t.db.prisma, 'test', root.hash);
    expect(byRoot.exitCode).toBe(0);
    expect(byRoot.message).toContain('every chain it binds still holds the head it recorded');

    // Never twice: the post's timer fired, and the notifications have their dedup keys.
    t.clock.advance(8 * DAY);
    await fireTimers(t);
    expect(await posts({ kind: 'auditHead', dedupKey: { startsWith: 'auditHead:vote:' } })).toHaveLength(1);
    expect(await posts({ kind: 'newsAuditHead' })).toHaveLength(1);
  });

  it('is posted in the same scheduler run when the vote is closed by its clock', async () => {
    const { voteId } = await runningVote();
    t.clock.advance(7 * DAY + 1);
    const report = await fireTimers(t);
    expect(report.fired.map((timer) => timer.kind)).toEqual(
      expect.arrayContaining(['voteClose', 'auditHeadAfterVote']),
    );
    const closed = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'vote.closed', subjectId: voteId },
    });
    const [toMediators] = await posts({
      kind: 'auditHead',
      dedupKey: { startsWith: `auditHead:vote:${voteId}` },
    });
    expect(payloadOf(toMediators).params).toMatchObject({ hash: closed.hash });
  });
});

describe('the daily audit root', () => {
  it('is armed once at start-up, posted each day with the head of that moment, and re-armed', async () => {
    const daily = () =>
      t.db.prisma.timer.findMany({ where: { kind: 'auditHeadDaily' }, orderBy: { dueAt: 'asc' } });
    await armDailyAuditHead(t.core.deps);
    await armDailyAuditHead(t.core.deps); // a second instance, or a restart
    const [armed] = await daily();
    expect(await daily()).toHaveLength(1);
    expect(armed?.dueAt).toEqual(nextDailyPost(t.clock.now()));
    expect(armed?.dueAt.getUTCHours()).toBe(6);

    t.clock.set(new Date((armed?.dueAt.getTime() ?? 0) + HOUR));
    await fireTimers(t);
    const [first] = await posts({ kind: 'auditHead', dedupKey: { startsWith: 'auditHead:daily:' } });
    // The day's root: appended then, and its hash posted.
    const root = await lastEntry();
    expect(root).toMatchObject({ chain: 'none', action: 'audit.root' });
    expect(first).toMatchObject({ audience: 'mediators' });
    const mediationChains = (await listChainHeads(t.db.prisma)).filter((head) => head.chain !== 'none');
    expect(payloadOf(first).params).toMatchObject({
      hash: root.hash,
      chains: mediationChains.length,
      entries: mediationChains.reduce((sum, head) => sum + Number(head.position), 0),
    });
    expect(parseRootHeads(root.details)).toEqual(
      mediationChains.map((head) => [head.chain, { position: head.position, hash: head.hash }]),
    );
    expect(renderNotification('fr', payloadOf(first))).toContain(`--expect ${root.hash}`);

    // Re-armed for the next morning; a restart in between arms nothing more.
    await armDailyAuditHead(t.core.deps);
    const timers = await daily();
    expect(
      timers.map((timer) => [timer.dueAt.getTime() - (armed?.dueAt.getTime() ?? 0), !!timer.firedAt]),
    ).toEqual([
      [0, true],
      [DAY, false],
    ]);
    t.clock.advance(DAY);
    await fireTimers(t);
    await fireTimers(t);
    expect(await posts({ kind: 'auditHead', dedupKey: { startsWith: 'auditHead:daily:' } })).toHaveLength(2);
  });

  it('is due at 06:00 UTC next', () => {
    expect(nextDailyPost(new Date('2026-03-02T05:59:00Z'))).toEqual(new Date('2026-03-02T06:00:00Z'));
    expect(nextDailyPost(new Date('2026-03-02T06:00:00Z'))).toEqual(new Date('2026-03-03T06:00:00Z'));
  });
});
