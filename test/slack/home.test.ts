import { beforeAll, describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { ACTION_ID_LIMIT, BUTTON_TEXT_LIMIT, SECTION_TEXT_LIMIT } from '../../bots/slack/blocks.ts';
import { HOME_BLOCK_LIMIT, homeView } from '../../bots/slack/home-blocks.ts';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { fixedOffer, inNegotiation, mediator, nth, openMediation } from '../mediations/fixtures.ts';
import { FAKE_TEAM } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, MALLORY, settle, useSlackApp } from './harness.ts';
import {
  buttonsOf,
  homePublishedCount,
  openHome,
  pressHomeButton,
  publishedHome,
  viewText,
} from './surfaces.ts';

const h = useSlackApp({ actions: mediatorActions });

/** A seeded situation: an open mediation with a file awaiting review, another with a running vote. */
const seeded = {} as {
  openId: string;
  openTitle: string;
  fileId: string;
  fileId2: string;
  votingId: string;
  voteId: string;
};

beforeAll(async () => {
  const now = h.t.clock.now().getTime();
  const open = await openMediation(h.t, { admitted: 1, submitted: 2 });
  seeded.openId = open.mediationId;
  seeded.openTitle = (
    await h.t.db.prisma.mediation.findUniqueOrThrow({ where: { id: open.mediationId } })
  ).titleFr;
  seeded.fileId = nth(open.pending, 0).participantId;
  seeded.fileId2 = nth(open.pending, 1).participantId;
  await h.t.db.prisma.participant.update({
    where: { id: seeded.fileId },
    data: { decisionDueAt: new Date(now + 5 * DAY) },
  });
  await h.t.db.prisma.participant.update({
    where: { id: seeded.fileId2 },
    data: { decisionDueAt: new Date(now + 9 * DAY) },
  });
  const voting = await inNegotiation(h.t, { admitted: 2 });
  seeded.votingId = voting.mediationId;
  unwrap(await h.t.core.recordOffer(mediator, { mediationId: voting.mediationId, ...fixedOffer() }));
  unwrap(
    await h.t.core.openVote(mediator, { mediationId: voting.mediationId, closesAt: new Date(now + 3 * DAY) }),
  );
  const vote = await h.t.core.query.openVoteOfMediation({ mediationId: voting.mediationId });
  seeded.voteId = vote?.voteId as string;
  unwrap(
    await h.t.core.castBallot(personActor(nth(voting.members, 0).personId), {
      voteId: seeded.voteId,
      choice: 'REFUSE',
    }),
  );
});

describe('the App Home of a mediator', () => {
  it('shows the next actions due, soonest first, with the buttons of their actions', async () => {
    const view = await openHome(h, ALICE);
    expect(view.type).toBe('home');
    const text = viewText(view);
    expect(text).toContain(t('fr', 'slack:home.title'));
    // The vote ends in 3 days, the files in 5 and 9: that order.
    const voteAt = text.indexOf(`Vote de «\u00a0`);
    const fileAt = text.indexOf(`Dossier ${seeded.fileId.slice(0, 8)}`);
    const file2At = text.indexOf(`Dossier ${seeded.fileId2.slice(0, 8)}`);
    expect(voteAt).toBeGreaterThan(-1);
    expect(fileAt).toBeGreaterThan(voteAt);
    expect(file2At).toBeGreaterThan(fileAt);
    expect(text).toContain('participation\u00a0: 1 sur 2');

    const buttons = buttonsOf(view);
    expect(buttons).toContainEqual({ actionId: 'home:admit', value: seeded.fileId, text: 'Accepter' });
    expect(buttons).toContainEqual({ actionId: 'home:reject', value: seeded.fileId, text: 'Refuser…' });
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:vote-card', value: seeded.voteId }),
    );
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:close-vote', value: seeded.votingId }),
    );
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:extend-vote', value: seeded.votingId }),
    );
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:new-mediation', text: 'Nouvelle médiation' }),
    );
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:annual-report', text: 'Rapport annuel' }),
    );
    // Nobody's choice: the refusal cast above shows only as turnout.
    expect(JSON.stringify(view)).not.toMatch(/REFUSE|contre/);
  });

  it('admits a file from its button, tells the mediator, and refreshes the dashboard', async () => {
    const before = homePublishedCount(h, ALICE);
    const press = await pressHomeButton(h, { actionId: 'home:admit', value: seeded.fileId, user: ALICE });
    expect(press.status).toBe(200);
    const refreshed = await publishedHome(h, ALICE, before);
    expect(viewText(refreshed)).not.toContain(`Dossier ${seeded.fileId.slice(0, 8)}`);
    const file = await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: seeded.fileId } });
    expect(file.status).toBe('ADMITTED');
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'participant.admitted', subjectId: seeded.fileId },
    });
    expect(entry?.actor).toBe(`mediator:slack:${FAKE_TEAM}:${ALICE.id}`);
    expect(
      await h.t.db.prisma.outboxMessage.count({ where: { dedupKey: `fileAdmitted:${seeded.fileId}` } }),
    ).toBe(1);
    const told = await waitFor(() =>
      h.fake
        .callsOf('chat.postMessage')
        .find((call) => call.args.channel === `D${ALICE.id.replace(/^U/, '')}`),
    );
    expect(told.args.text).toBe(t('fr', 'mediator:admit.done', { id: seeded.fileId.slice(0, 8) }));
  });

  it('opens the vote card: rule, deadline and turnout, never a choice', async () => {
    const opened = h.fake.callsOf('views.open').length;
    await pressHomeButton(h, { actionId: 'home:vote-card', value: seeded.voteId, user: ALICE });
    const modal = await waitFor(() => h.fake.callsOf('views.open')[opened]);
    const text = viewText(modal.args.view);
    expect(text).toContain('1 votant·e sur 2 a répondu');
    expect(text).toContain(t('fr', 'mediator:statistics.secrecy'));
    expect(JSON.stringify(modal.args.view)).not.toMatch(/REFUSE|contre/);
  });

  it('refuses a forged button from someone who is not a mediator, and audits it', async () => {
    const refusedBefore = await h.t.db.prisma.auditEntry.count({
      where: { action: 'mediator.accessRefused' },
    });
    await pressHomeButton(h, { actionId: 'home:admit', value: seeded.fileId2, user: MALLORY });
    const told = await waitFor(() =>
      h.fake
        .callsOf('chat.postMessage')
        .find((call) => call.args.channel === `D${MALLORY.id.replace(/^U/, '')}`),
    );
    expect(told.args.text).toBe(t('fr', 'slack:refused'));
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(entry?.details).toEqual({
      platformUserId: `slack:${FAKE_TEAM}:${MALLORY.id}`,
      attempted: 'button:home:admit',
    });
    expect(await h.t.db.prisma.auditEntry.count({ where: { action: 'mediator.accessRefused' } })).toBe(
      refusedBefore + 1,
    );
    const file = await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: seeded.fileId2 } });
    expect(file.status).toBe('SUBMITTED');
  });

  it('refuses a button whose id is not one, without reading it', async () => {
    const audit = await h.t.db.prisma.auditEntry.count();
    await pressHomeButton(h, { actionId: 'home:close-vote', value: "'; DROP TABLE vote; --", user: ALICE });
    await waitFor(() =>
      h.fake
        .callsOf('chat.postMessage')
        .find((call) => call.args.text === t('fr', 'slack:home.invalidButton')),
    );
    expect(await h.t.db.prisma.auditEntry.count()).toBe(audit);
    expect(await h.t.db.prisma.vote.count({ where: { closedAt: null } })).toBe(1);
  });
});

describe('the App Home of anyone else', () => {
  it('is a polite explanation and nothing about any mediation', async () => {
    const view = await openHome(h, MALLORY);
    expect(viewText(view)).toContain(t('fr', 'slack:home.outsider'));
    expect(buttonsOf(view)).toEqual([]);
    const sent = JSON.stringify(view);
    expect(sent).not.toContain(seeded.openTitle);
    expect(sent).not.toContain(seeded.openId);
    expect(sent).not.toContain(seeded.fileId2);
    await settle(100);
  });
});

describe('the App Home within Slack’s limits', () => {
  it('shows the most urgent first in at most 100 blocks, and says how many are not shown', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const long = 'Frais '.repeat(400);
    const overview = Array.from({ length: 150 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      slug: `mediation-${i}`,
      status: 'VOTING' as const,
      title: { fr: `${long}${i}`, en: `Fees ${i}` },
      company: 'Une entreprise au nom très long '.repeat(10),
      participants: { draft: 0, submitted: 2, admitted: 10, rejected: 0, withdrawn: 0 },
      totalClaimedCents: 0,
      registrationClosesAt: null,
      endsBy: new Date(now.getTime() + (60 + i) * DAY),
      closedAt: null,
      runningVote: {
        voteId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        closesAt: new Date(now.getTime() + (i + 1) * 3_600_000),
        voted: 3,
        electorate: 10,
      },
      due: [{ kind: 'voteCloses' as const, at: new Date(now.getTime() + (i + 1) * 3_600_000) }],
      nextDueAt: new Date(now.getTime() + (i + 1) * 3_600_000),
    }));
    const files = Array.from({ length: 20 }, (_, i) => ({
      participantId: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      mediationId: overview[0]?.id as string,
      slug: 'mediation-0',
      titleFr: long,
      titleEn: 'Fees',
      submittedAt: now,
      decisionDueAt: new Date(now.getTime() + (i - 10) * 3_600_000),
      evidence: i % 3,
    }));
    const view = homeView('fr', { now, overview, files, payouts: [] });
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
    for (const block of view.blocks as { text?: { text: string } }[]) {
      expect([...(block.text?.text ?? '')].length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    }
    for (const button of buttonsOf(view as never)) {
      expect([...button.text].length).toBeLessThanOrEqual(BUTTON_TEXT_LIMIT);
      expect(button.actionId.length).toBeLessThanOrEqual(ACTION_ID_LIMIT);
      expect(button.value.length).toBeLessThanOrEqual(255);
    }
    const text = viewText(view as never);
    // Overdue files come first, then files and votes by date; 300 files in all, only 20 listed.
    expect(text.indexOf('Dossier')).toBeLessThan(text.indexOf('Vote de'));
    expect(text).toContain('délai dépassé');
    const dueMore = /… et (\d+) autres actions à venir/.exec(text);
    // Only due items have « close the vote » and « admit » buttons: they count the items shown.
    const shownDue = buttonsOf(view as never).filter(
      (b) => b.actionId === 'home:close-vote' || b.actionId === 'home:admit',
    );
    expect(shownDue.length).toBeGreaterThan(10);
    expect(Number(dueMore?.[1])).toBe(150 + 300 - shownDue.length);
    expect(text).toMatch(/… et \d+ autres médiations, non affichées ici/);
  });
});
