import { beforeAll, describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { t } from '../../core/i18n/index.ts';
import { blockAction, FAKE_TEAM } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, textOf, useSlackApp } from './harness.ts';

/** The real catalogue of mediator actions through Slack, on the demo mediations. */
const h = useSlackApp({ actions: mediatorActions });

beforeAll(async () => {
  await seedDemoData(h.t.db, h.t.clock);
});

const statusOf = async (slug: string) =>
  (await h.t.db.prisma.mediation.findUniqueOrThrow({ where: { slug }, select: { status: true } })).status;

describe('/mediation with the mediator actions', () => {
  it('lists every action of the catalogue in its help', async () => {
    const help = textOf((await h.command('aide')).answers[0]);
    for (const action of mediatorActions) expect(help).toContain(`/mediation ${action.name}`);
    expect(help).toContain('/mediation open-vote <mediation> <closes-at>');
  });

  it('cancels a mediation only once the mediator confirmed it, recording who did', async () => {
    const before = await statusOf('sfam');
    const asked = await h.command('cancel sfam "L’entreprise a indemnisé tout le monde."');
    expect(await statusOf('sfam')).toBe(before);
    const blocks = asked.answers[0]?.blocks as { elements?: { action_id: string; value: string }[] }[];
    const yes = blocks
      .flatMap((block) => block.elements ?? [])
      .find((e) => e.action_id === 'mediation:confirm');
    await h.post(
      blockAction({
        actionId: 'mediation:confirm',
        value: yes?.value ?? '',
        user: ALICE,
        responseUrl: h.fake.responseUrl('cancel-sfam'),
      }),
    );
    const [done] = await waitFor(
      () => h.fake.responsesTo('cancel-sfam').length > 0 && h.fake.responsesTo('cancel-sfam'),
    );
    expect(done?.replace_original).toBe(true);
    expect(await statusOf('sfam')).toBe('CANCELLED');
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { actor: `mediator:slack:${FAKE_TEAM}:${ALICE.id}`, action: 'mediation.status' },
      orderBy: { seq: 'desc' },
    });
    expect(entry?.details).toMatchObject({ to: 'CANCELLED' });
  });

  it('exports a mediation’s participants as a CSV file in the mediator’s direct messages', async () => {
    const uploads = h.fake.uploads.length;
    const answer = await h.command('export-participants red-by-sfr', ALICE, 2);
    expect(textOf(answer.answers[1])).toContain(
      t('fr', 'slack:file.sent', { count: 1, name: h.fake.uploads[uploads]?.filename ?? '' }),
    );
    expect(h.fake.uploads[uploads]?.filename).toMatch(/\.csv$/);
    expect(h.fake.uploads[uploads]?.content.length).toBeGreaterThan(0);
  });

  it('marks a mediation public only once the mediator confirmed it, recording who did (L612-3)', async () => {
    const publicSince = async () =>
      (await h.t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'kuvera' } })).newsPublicSince;
    // Made confidential at once: it only ever publishes less.
    expect(textOf((await h.command('make-private kuvera')).answers[0])).toContain(
      'de nouveau confidentielle',
    );
    expect(await publicSince()).toBeNull();

    const asked = await h.command('make-public kuvera "Accord écrit de KUVERA et des participant·es"');
    expect(await publicSince()).toBeNull();
    const blocks = asked.answers[0]?.blocks as { elements?: { action_id: string; value: string }[] }[];
    const yes = blocks
      .flatMap((block) => block.elements ?? [])
      .find((e) => e.action_id === 'mediation:confirm');
    await h.post(
      blockAction({
        actionId: 'mediation:confirm',
        value: yes?.value ?? '',
        user: ALICE,
        responseUrl: h.fake.responseUrl('public-kuvera'),
      }),
    );
    await waitFor(() => h.fake.responsesTo('public-kuvera').length > 0);
    expect(await publicSince()).not.toBeNull();
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediation.newsMadePublic' },
      orderBy: { seq: 'desc' },
    });
    expect(entry).toMatchObject({
      actor: `mediator:slack:${FAKE_TEAM}:${ALICE.id}`,
      details: { partiesAgreed: true },
    });
  });

  it('explains a refusal of the core in words, and changes nothing', async () => {
    const answer = await h.command('show no-such-mediation');
    expect(textOf(answer.answers[0]).length).toBeGreaterThan(0);
    expect(textOf(answer.answers[0])).not.toBe(t('fr', 'slack:command.failed'));
  });
});
