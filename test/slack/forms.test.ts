import { describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { DAY } from '../../core/clock/clock.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import {
  createDraft,
  fixedOffer,
  inNegotiation,
  mediationRow,
  mediator,
  nth,
  openMediation,
} from '../mediations/fixtures.ts';
import { FAKE_TEAM } from '../support/fake-slack.ts';
import { ALICE, MALLORY, useSlackApp } from './harness.ts';
import { initialOf, openedModal, pressHomeButton, submitForm, type Typed, viewText } from './surfaces.ts';

const h = useSlackApp({ actions: mediatorActions });
const byAlice = `mediator:slack:${FAKE_TEAM}:${ALICE.id}`;

/** Opens a form with `/mediation <text>` and returns the modal Slack was asked to open. */
async function formFromCommand(text: string) {
  const before = h.fake.callsOf('views.open').length;
  await h.command(text, ALICE, 0);
  return (await openedModal(h, before)).view;
}

async function formFromHome(actionId: string, value: string) {
  const before = h.fake.callsOf('views.open').length;
  await pressHomeButton(h, { actionId, value, user: ALICE });
  return (await openedModal(h, before)).view;
}

const submit = (
  view: { callback_id: string; private_metadata: string },
  values: Record<string, Typed>,
  user = ALICE,
) => submitForm(h, { callbackId: view.callback_id, privateMetadata: view.private_metadata, values, user });

/** A problem under an input: the action's own words (bots/mediator), starting with a capital. */
const problem = (key: string, params?: Record<string, number>) => {
  const text = t('fr', key, params);
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const auditCount = () => h.t.db.prisma.auditEntry.count();
const slugOf = async (mediationId: string) => (await mediationRow(h.t, mediationId)).slug;

const newMediation: Record<string, Typed> = {
  company: 'assureur-x',
  companyName: 'Assureur X',
  slug: 'assurance-fantome',
  titleFr: 'Assurance jamais souscrite',
  titleEn: 'Insurance never subscribed',
  summaryFr: 'Une assurance facturée sans accord.',
  summaryEn: 'An insurance charged without consent.',
  goalFr: 'Obtenir le remboursement.',
  goalEn: 'Get a refund.',
  threshold: '3/4',
  registrationClosesAt: { date: '2026-04-15', time: '18:00' },
  question:
    'Avez-vous été prélevé·e ? | Were you charged? | oui\nÊtes-vous client·e ? | Are you a customer? | oui',
};

describe('the form « Nouvelle médiation »', () => {
  it('opens from `/mediation nouvelle` with every input, dates in Paris time', async () => {
    const view = await formFromCommand('nouvelle');
    expect(view.callback_id).toBe('form:create-mediation');
    expect(view.title.text).toBe('Nouvelle médiation');
    const ids = view.blocks.map((block) => block.block_id).filter(Boolean);
    expect(ids).toEqual(
      expect.arrayContaining(['company', 'slug', 'titleFr', 'titleEn', 'summaryFr', 'goalEn', 'voteBase']),
    );
    expect(ids).toEqual(expect.arrayContaining(['threshold', 'quorum', 'registrationClosesAt', 'question']));
    const time = view.blocks.find((block) => block.block_id === 'registrationClosesAt.time');
    expect(time?.element).toMatchObject({ type: 'timepicker', timezone: 'Europe/Paris' });
    expect(view.blocks.find((block) => block.block_id === 'registrationClosesAt')?.element?.type).toBe(
      'datepicker',
    );
  });

  it('creates the mediation when valid: row, questions, audit entry by the mediator', async () => {
    const view = await formFromCommand('create-mediation');
    const sent = await submit(view, newMediation);
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(3000);
    expect(sent.answer.response_action).toBe('update');
    expect(viewText(sent.answer.view)).toContain('Assurance jamais souscrite');
    const row = await h.t.db.prisma.mediation.findUniqueOrThrow({
      where: { slug: 'assurance-fantome' },
      include: { eligibilityQuestions: true },
    });
    expect(row.status).toBe('DRAFT');
    expect(row.eligibilityQuestions).toHaveLength(2);
    // 18:00 in Paris on 15 April (summer time) is 16:00 UTC.
    expect(row.registrationClosesAt?.toISOString()).toBe('2026-04-15T16:00:00.000Z');
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediation.created', subjectId: row.id },
    });
    expect(entry?.actor).toBe(byAlice);
  });

  it('shows each problem under its input, in French, and creates nothing', async () => {
    const view = await formFromCommand('nouvelle');
    const before = await auditCount();
    const { titleEn: _missing, ...rest } = newMediation;
    const sent = await submit(view, { ...rest, slug: 'Pas Bon !', threshold: 'beaucoup' });
    expect(sent.answer.response_action).toBe('errors');
    expect(sent.answer.errors.slug).toBe(problem('mediator:invalid.slug'));
    expect(sent.answer.errors.titleEn).toBe(problem('mediator:invalid.required'));
    expect(sent.answer.errors.threshold).toContain('fraction');
    expect(Object.keys(sent.answer.errors).sort()).toEqual(['slug', 'threshold', 'titleEn']);
    expect(await auditCount()).toBe(before);
    expect(await h.t.db.prisma.mediation.count({ where: { titleEn: 'Insurance never subscribed' } })).toBe(1);
  });

  it('shows a refusal of the core about one input under that input (a slug already taken)', async () => {
    const view = await formFromCommand('nouvelle');
    const before = await auditCount();
    const sent = await submit(view, newMediation);
    expect(sent.answer).toEqual({
      response_action: 'errors',
      errors: { slug: t('fr', 'mediations:errors.slugTaken', { slug: 'assurance-fantome' }) },
    });
    expect(await auditCount()).toBe(before);
  });
});

describe('the form « Modifier la médiation »', () => {
  it('opens prefilled, and saves only what changed', async () => {
    const mediationId = await createDraft(h.t);
    const slug = await slugOf(mediationId);
    const view = await formFromCommand(`edit-mediation ${slug}`);
    expect(view.callback_id).toBe('form:edit-mediation');
    expect(initialOf(view, 'titleFr')).toBe('Frais cachés RED');
    expect(initialOf(view, 'voteBase')).toBe('electorate');
    expect(initialOf(view, 'threshold')).toBe('3/4');
    expect(initialOf(view, 'question')).toBe('Êtes-vous client RED ? | Are you a RED customer? | oui');
    expect(viewText(view)).toContain(slug);

    const unchanged = Object.fromEntries(
      ['titleEn', 'summaryFr', 'summaryEn', 'goalFr', 'goalEn', 'threshold', 'question'].map((id) => [
        id,
        String(initialOf(view, id)),
      ]),
    );
    const sent = await submit(view, { ...unchanged, titleFr: 'Frais cachés de RED by SFR' });
    expect(sent.answer.response_action).toBe('update');
    const row = await mediationRow(h.t, mediationId);
    expect(row.titleFr).toBe('Frais cachés de RED by SFR');
    expect(row.titleEn).toBe('RED hidden fees');
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediation.updated', subjectId: mediationId },
    });
    expect(entry?.actor).toBe(byAlice);
    expect(JSON.stringify(entry?.details)).toContain('title');
    expect(JSON.stringify(entry?.details)).not.toContain('eligibilityQuestions');
  });
});

describe('the form « Offre de l’entreprise »', () => {
  it('opens from the Home; two ways of compensating are refused under the input; one is recorded', async () => {
    const { mediationId } = await inNegotiation(h.t, { admitted: 2 });
    const view = await formFromHome('home:record-offer', mediationId);
    expect(view.callback_id).toBe('form:record-offer');
    expect(JSON.parse(view.private_metadata)).toEqual({ m: mediationId, o: 'home' });
    const terms = { termsFr: 'Remboursement des frais', termsEn: 'Refund of the fees' };

    const both = await submit(view, { ...terms, fixed: '50', percent: '30' });
    expect(both.answer).toEqual({
      response_action: 'errors',
      errors: { fixed: t('fr', 'mediator:errors.oneCompensation') },
    });
    expect(await h.t.db.prisma.offer.count({ where: { mediationId } })).toBe(0);

    const published = h.fake.callsOf('views.publish').length;
    const sent = await submit(view, { ...terms, fixed: '50' });
    expect(sent.answer.response_action).toBe('update');
    const offer = await h.t.db.prisma.offer.findFirstOrThrow({ where: { mediationId } });
    expect(offer.fixedCents).toBe(5000);
    expect(
      await h.t.db.prisma.auditEntry.count({
        where: { action: 'offer.recorded', mediationId, actor: byAlice },
      }),
    ).toBe(1);
    // Sent from the Home: the dashboard is published again.
    await expect.poll(() => h.fake.callsOf('views.publish').length).toBeGreaterThan(published);
  });
});

describe('the votes’ forms', () => {
  it('opens a vote at the date and time chosen (Paris), after refusing a date in the past', async () => {
    const { mediationId } = await inNegotiation(h.t, { admitted: 2 });
    unwrap(await h.t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    const view = await formFromCommand(`open-vote ${await slugOf(mediationId)}`);
    expect(initialOf(view, 'closesAt')).toBe('2026-03-09');
    expect(initialOf(view, 'closesAt.time')).toBe('18:00');

    const past = await submit(view, { closesAt: { date: '2026-03-01', time: '18:00' } });
    expect(past.answer.response_action).toBe('errors');
    expect(past.answer.errors.closesAt).toBe(
      t('fr', 'votes:errors.badVoteDuration', { minDays: 1, maxDays: 30 }),
    );
    expect(await h.t.db.prisma.vote.count({ where: { offer: { mediationId } } })).toBe(0);

    const sent = await submit(view, { closesAt: { date: '2026-03-10', time: '18:00' } });
    expect(sent.answer.response_action).toBe('update');
    const vote = await h.t.db.prisma.vote.findFirstOrThrow({ where: { offer: { mediationId } } });
    expect(vote.closesAt.toISOString()).toBe('2026-03-10T17:00:00.000Z');
    expect(
      await h.t.db.prisma.auditEntry.count({ where: { action: 'vote.opened', mediationId, actor: byAlice } }),
    ).toBe(1);
    expect(
      await h.t.db.prisma.outboxMessage.count({
        where: { kind: 'voteOpened', dedupKey: { contains: vote.id } },
      }),
    ).toBeGreaterThan(0);

    // Then extended: a number of hours out of range is refused under its input.
    const extend = await formFromHome('home:extend-vote', mediationId);
    const tooMany = await submit(extend, { hours: '100', reason: 'Panne chez un opérateur' });
    expect(tooMany.answer.response_action).toBe('errors');
    expect(tooMany.answer.errors.hours).toBe(problem('mediator:invalid.integer', { min: 1, max: 72 }));
    const extended = await submit(extend, { hours: '24', reason: 'Panne chez un opérateur' });
    expect(extended.answer.response_action).toBe('update');
    const after = await h.t.db.prisma.vote.findUniqueOrThrow({ where: { id: vote.id } });
    expect(after.closesAt.getTime() - vote.closesAt.getTime()).toBe(DAY);
    expect(await h.t.db.prisma.outboxMessage.count({ where: { kind: 'voteExtended' } })).toBeGreaterThan(0);
  });
});

describe('the form « Prolonger la médiation »', () => {
  it('refuses a reason too short under its input, then extends and tells every participant', async () => {
    const { mediationId } = await inNegotiation(h.t, { admitted: 2 });
    const endsBy = (await mediationRow(h.t, mediationId)).endsBy as Date;
    const view = await formFromHome('home:extend-mediation', mediationId);
    const short = await submit(view, { days: '30', reason: 'x' });
    expect(short.answer.response_action).toBe('errors');
    expect(short.answer.errors.reason).toBe(problem('mediator:invalid.tooShort', { count: 3 }));
    expect((await mediationRow(h.t, mediationId)).endsBy).toEqual(endsBy);

    const sent = await submit(view, { days: '30', reason: 'L’entreprise a demandé un délai.' });
    expect(sent.answer.response_action).toBe('update');
    expect((await mediationRow(h.t, mediationId)).endsBy?.getTime()).toBe(endsBy.getTime() + 30 * DAY);
    expect(
      await h.t.db.prisma.auditEntry.count({ where: { action: 'mediation.extended', mediationId } }),
    ).toBe(1);
    expect(await h.t.db.prisma.outboxMessage.count({ where: { kind: 'mediationExtended' } })).toBeGreaterThan(
      0,
    );
  });
});

describe('the form « Refuser le dossier »', () => {
  it('opens from the Home button of a file, and rejects it with the reason sent to the person', async () => {
    const { pending } = await openMediation(h.t, { admitted: 1, submitted: 1 });
    const { participantId } = nth(pending, 0);
    const view = await formFromHome('home:reject', participantId);
    expect(view.callback_id).toBe('form:reject');
    expect(viewText(view)).toContain(`Dossier\u00a0: ${participantId.slice(0, 8)}`);

    const short = await submit(view, { reason: 'no' });
    expect(short.answer.response_action).toBe('errors');
    expect(short.answer.errors.reason).toBe(problem('mediator:invalid.tooShort', { count: 3 }));
    expect((await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } })).status).toBe(
      'SUBMITTED',
    );

    const sent = await submit(view, { reason: 'Pas de réclamation écrite à l’entreprise.' });
    expect(sent.answer.response_action).toBe('update');
    const file = await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(file).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Pas de réclamation écrite à l’entreprise.',
    });
    expect(
      await h.t.db.prisma.outboxMessage.count({ where: { dedupKey: `fileRejected:${participantId}` } }),
    ).toBe(1);
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'participant.rejected', subjectId: participantId },
    });
    expect(entry?.actor).toBe(byAlice);
  });

  it('refuses a forged submission from someone who is not a mediator, and audits it', async () => {
    const { pending } = await openMediation(h.t, { admitted: 1, submitted: 1 });
    const { participantId } = nth(pending, 0);
    const metadata = JSON.stringify({ p: participantId, o: 'home' });
    const sent = await submit(
      { callback_id: 'form:reject', private_metadata: metadata },
      { reason: 'Refus forgé' },
      MALLORY,
    );
    expect(sent.answer.response_action).toBe('update');
    expect(viewText(sent.answer.view)).toBe(t('fr', 'slack:refused'));
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(entry?.details).toEqual({
      platformUserId: `slack:${FAKE_TEAM}:${MALLORY.id}`,
      attempted: 'modal:reject',
    });
    expect((await h.t.db.prisma.participant.findUniqueOrThrow({ where: { id: participantId } })).status).toBe(
      'SUBMITTED',
    );
  });

  it('uses nothing from a submission whose metadata is not ours', async () => {
    const before = await auditCount();
    const sent = await submit(
      { callback_id: 'form:reject', private_metadata: JSON.stringify({ p: 'not-an-id', o: 'home' }) },
      { reason: 'Un motif valable' },
    );
    expect(viewText(sent.answer.view)).toBe(t('fr', 'slack:modal.invalid'));
    expect(await auditCount()).toBe(before);
  });
});

describe('the form « Message à tous »', () => {
  it('shows a preview first, and sends only once the mediator ticked the confirmation', async () => {
    const { mediationId } = await openMediation(h.t, { admitted: 2, submitted: 1 });
    const view = await formFromCommand(`broadcast ${await slugOf(mediationId)}`);
    expect(view.callback_id).toBe('form:broadcast');
    const broadcasts = () => h.t.db.prisma.outboxMessage.count({ where: { kind: 'broadcast' } });
    const before = await broadcasts();

    const tooShort = await submit(view, { message: 'ok' });
    expect(tooShort.answer.response_action).toBe('errors');
    expect(tooShort.answer.errors.message).toBe(problem('mediator:invalid.tooShort', { count: 3 }));

    const message = 'La réunion avec l’entreprise est fixée au 20 mars.';
    const previewed = await submit(view, { message });
    expect(previewed.answer.response_action).toBe('update');
    const preview = previewed.answer.view;
    expect(viewText(preview)).toContain(message);
    expect(preview.blocks.some((block: { block_id?: string }) => block.block_id === 'confirm')).toBe(true);
    expect(await broadcasts()).toBe(before);

    // Changed after the preview: previewed again, still nothing sent.
    const changed = await submit(preview, { message: `${message} Merci.`, confirm: { ticked: true } });
    expect(changed.answer.response_action).toBe('update');
    expect(await broadcasts()).toBe(before);

    const sent = await submit(changed.answer.view, {
      message: `${message} Merci.`,
      confirm: { ticked: true },
    });
    expect(sent.answer.response_action).toBe('update');
    expect(viewText(sent.answer.view)).toContain('3');
    expect(await broadcasts()).toBe(before + 1);
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediation.broadcast', mediationId },
    });
    expect(entry?.actor).toBe(byAlice);
    expect(entry?.details).toMatchObject({ recipients: 3 });
  });
});
