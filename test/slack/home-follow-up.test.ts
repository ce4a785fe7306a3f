import { beforeAll, describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { acceptedMediation, mediator, nth } from '../mediations/fixtures.ts';
import { createOpenMediation, sampleFiles, submittedFile } from '../participants/fixtures.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, MALLORY, useSlackApp } from './harness.ts';
import { MEDIATOR } from './mediation-command.ts';
import {
  buttonsOf,
  homePublishedCount,
  openHome,
  pressHomeButton,
  publishedHome,
  viewText,
} from './surfaces.ts';

/**
 * The Home's list of what to do first, for the end of the journey and the review: payouts an adherent
 * reported a problem with, payouts unconfirmed a week after sending, and a file's proofs, opened from
 * their button and handed to that mediator alone.
 */
const h = useSlackApp({ actions: mediatorActions });
const seeded = { fileId: '', problem: '', silent: '', confirmed: '' };
const dm = (user: { id: string }) => `D${user.id.replace(/^U/, '')}`;
const toldPrivately = (user: { id: string }) =>
  h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === dm(user));

beforeAll(async () => {
  const open = await createOpenMediation(h.t);
  seeded.fileId = (
    await submittedFile(h.t, open, { bytes: sampleFiles.pdf, fileName: 'relevé de compte.pdf' })
  ).participantId;

  const { mediationId, members, offerId } = await acceptedMediation(h.t, { admitted: 3 });
  const adhesionClosesAt = new Date(h.t.clock.now().getTime() + 2 * DAY);
  unwrap(await h.t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt }));
  for (const member of members)
    unwrap(await h.t.core.decideAdhesion(personActor(member.personId), { mediationId, decision: 'ADHERED' }));
  unwrap(await h.t.core.closeAdhesion(mediator, { mediationId }));
  const payouts = await h.t.db.prisma.payout.findMany({ where: { offerId } });
  const of = (i: number) => payouts.find((p) => p.participantId === nth(members, i).participantId)?.id ?? '';
  [seeded.problem, seeded.silent, seeded.confirmed] = [of(0), of(1), of(2)];
  for (const id of [seeded.problem, seeded.silent, seeded.confirmed])
    unwrap(await h.t.core.markPayoutSent(mediator, { payoutId: id }));
  unwrap(await h.t.core.confirmPayout(personActor(nth(members, 2).personId), { payoutId: seeded.confirmed }));
  h.t.clock.advance(8 * DAY);
  unwrap(
    await h.t.core.reportPayoutProblem(personActor(nth(members, 0).personId), {
      payoutId: seeded.problem,
      note: 'Il manque 10 €.',
    }),
  );
});

describe('the Home’s follow-up of payouts and proofs', () => {
  it('lists a reported problem and a payout silent for a week, not a confirmed one', async () => {
    const view = await openHome(h, ALICE);
    const text = viewText(view);
    expect(text).toContain(`Versement ${seeded.problem.slice(0, 8)} de 50,00\u00a0€`);
    expect(text).toContain('problème signalé le');
    expect(text).toContain(`Versement ${seeded.silent.slice(0, 8)} de 50,00\u00a0€`);
    expect(text).toContain('toujours pas confirmé');
    expect(text).not.toContain(seeded.confirmed.slice(0, 8));
    // The note itself is read in the team's channel, not on the dashboard.
    expect(text).not.toContain('Il manque');
    const buttons = buttonsOf(view);
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: 'home:mark-payout-sent', value: seeded.problem }),
    );
    expect(buttons).toContainEqual({
      actionId: 'home:evidence',
      value: seeded.fileId,
      text: t('fr', 'slack:home.evidence', { count: 1 }),
    });
  });

  it('hands a file’s proof to the mediator who pressed « Voir le justificatif », audited', async () => {
    const uploads = h.fake.uploads.length;
    await pressHomeButton(h, { actionId: 'home:evidence', value: seeded.fileId, user: ALICE });
    // Told once the upload is complete: everything it did is recorded by then.
    await waitFor(() =>
      toldPrivately(ALICE).find(
        (call) => call.args.text === t('fr', 'slack:file.sent', { count: 1, name: 'relevé de compte.pdf' }),
      ),
    );
    const upload = h.fake.uploads[uploads];
    expect(upload?.filename).toBe('relevé de compte.pdf');
    expect(Buffer.from(upload?.bytes ?? []).equals(Buffer.from(sampleFiles.pdf))).toBe(true);
    expect(h.fake.callsOf('files.completeUploadExternal').at(-1)?.args.channel_id).toBe(dm(ALICE));
    const viewed = await h.t.db.prisma.auditEntry.findMany({ where: { action: 'evidence.viewed' } });
    expect(viewed).toEqual([expect.objectContaining({ actor: MEDIATOR, subjectId: seeded.fileId })]);
  });

  it('refuses the same button to someone who is not a mediator, audits the attempt, hands nothing', async () => {
    const uploads = h.fake.uploads.length;
    await pressHomeButton(h, { actionId: 'home:evidence', value: seeded.fileId, user: MALLORY });
    await waitFor(() => toldPrivately(MALLORY).find((call) => call.args.text === t('fr', 'slack:refused')));
    const attempt = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(attempt?.details).toMatchObject({ attempted: 'button:home:evidence' });
    expect(h.fake.uploads.length).toBe(uploads);
    expect(await h.t.db.prisma.auditEntry.count({ where: { action: 'evidence.viewed' } })).toBe(1);
  });

  it('marks the payout with a problem sent again from its button; it leaves the list', async () => {
    const before = homePublishedCount(h, ALICE);
    await pressHomeButton(h, { actionId: 'home:mark-payout-sent', value: seeded.problem, user: ALICE });
    const refreshed = await publishedHome(h, ALICE, before);
    expect(viewText(refreshed)).not.toContain(`Versement ${seeded.problem.slice(0, 8)}`);
    expect((await h.t.db.prisma.payout.findUniqueOrThrow({ where: { id: seeded.problem } })).status).toBe(
      'SENT',
    );
    expect(
      await h.t.db.prisma.outboxMessage.count({
        where: { kind: 'payoutSent', dedupKey: { startsWith: `payoutSent:${seeded.problem}` } },
      }),
    ).toBe(2);
  });
});
