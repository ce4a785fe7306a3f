import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../bots/mail/smtp-mailer.ts';
import { createCore } from '../../core/core.ts';
import { companyActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { fireDueTimers } from '../../core/scheduler/scheduler.ts';
import { addParticipant } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { startSmtpInbox } from '../support/smtp-inbox.ts';
import { done } from './support.ts';

// The company's invitation by e-mail (issue 15): with a mail server configured, invite-company sends the
// notice of seizure (R612-2) with the portal's one-time link to the company's contact, and the mediation
// records it as e-mailed; a refusal of the server leaves the mediator the same text to forward.
const t = useTestCore();
let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
const site = 'https://cessezlefeu.example';

beforeAll(async () => {
  inbox = await startSmtpInbox();
});
afterAll(() => inbox.close());

/** The test core, with the mail server and the site's address a configured program has. */
const withMail = () => ({
  ...t,
  core: createCore({
    ...t.core.deps,
    publicUrl: site,
    mailer: smtpMailer({ url: inbox.url, from: 'Cessez-le-feu <mediation@cessezlefeu.example>' }),
  }),
});

/** The plain text of a received e-mail: quoted-printable undone, soft line breaks joined. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, '');
  return Buffer.from(
    body.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

async function readyToInvite(slug: string) {
  const m = withMail();
  await done(m, 'create-company', {
    slug: `${slug}-co`,
    name: 'Assur Plus',
    contactName: 'Jeanne Martin',
    email: 'litiges@assur-plus.example',
  });
  await done(m, 'create-mediation', {
    slug,
    company: `${slug}-co`,
    titleFr: 'Assurance jamais souscrite',
    titleEn: 'Insurance never taken out',
    summaryFr: 'Une assurance facturée sans souscription.',
    summaryEn: 'An insurance billed without subscription.',
    goalFr: 'Le remboursement des primes.',
    goalEn: 'A refund of the premiums.',
    registrationClosesAt: '2026-03-20',
  });
  await done(m, 'open-registration', { mediation: slug });
  const { id } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug } });
  for (let i = 0; i < 2; i++) await addParticipant(t, id);
  await done(m, 'close-registration', { mediation: slug });
  return m;
}

describe('the company’s invitation by e-mail', () => {
  it('sends the notice with the portal link to the contact, and records it as e-mailed', async () => {
    const m = await readyToInvite('assurance-mail');
    const result = await done(m, 'invite-company', { mediation: 'assurance-mail' });
    expect(result.text).toContain(
      'L’avis de saisine et ce lien ont été envoyés par e-mail à litiges@assur-plus.example.',
    );
    expect(inbox.received).toHaveLength(1);
    const [mail] = inbox.received;
    expect(mail?.to).toEqual(['litiges@assur-plus.example']);
    expect(mail?.from).toBe('mediation@cessezlefeu.example');
    const body = bodyOf(mail?.raw ?? '');
    expect(body).toContain('Bonjour Jeanne Martin,');
    expect(body).toContain('2 consommateur·rices y ont déposé un dossier');
    const link = /https:\/\/cessezlefeu\.example\/fr\/company\/sign-in\?token=[A-Za-z0-9_-]{43}/.exec(
      body,
    )?.[0];
    expect(link).toBeDefined();
    expect(body).toContain('qui ne sert qu’une fois et reste valable jusqu’au');
    const row = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'assurance-mail' } });
    expect(row.companyNotifiedVia).toBe('EMAIL');
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'company.emailed', mediationId: row.id } }),
    ).toBe(1);
    // The link in the e-mail is the only place its token exists: the mediator's text shows it too, once.
    expect(result.text).toContain(link ?? 'no link');
  });

  it('gives a company that already answered a new link in a short message, not the notice again', async () => {
    const m = await readyToInvite('assurance-retour');
    await done(m, 'invite-company', { mediation: 'assurance-retour' });
    const row = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'assurance-retour' } });
    unwrap(await t.core.answerInvitation(companyActor(row.companyId, row.id), { answer: 'TAKE_PART' }));
    const before = inbox.received.length;
    const result = await done(m, 'company-link', { mediation: 'assurance-retour' });
    expect(result.text).toContain('Ce nouveau lien a été envoyé par e-mail à litiges@assur-plus.example.');
    expect(inbox.received).toHaveLength(before + 1);
    const mail = inbox.received.at(-1);
    const body = bodyOf(mail?.raw ?? '');
    expect(body).toContain('Voici un nouveau lien personnel vers l’espace de votre entreprise');
    expect(body).toMatch(/https:\/\/cessezlefeu\.example\/fr\/company\/sign-in\?token=[A-Za-z0-9_-]{43}/);
    // Not the notice of seizure: its answer deadline is behind the company.
    expect(body).not.toContain('silence sera considéré comme un refus');
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'company.emailed', mediationId: row.id } }),
    ).toBe(1);
    // Reviewing the notice itself still shows the notice, introduced as such.
    const reviewed = await done(m, 'company-notice', { mediation: 'assurance-retour' });
    expect(reviewed.text).toContain('Envoyez vous-même l’avis ci-dessous');
    expect(reviewed.text).not.toContain('nouveau lien');
  });

  it('leaves the mediator the text to forward when the mail server refuses it', async () => {
    const m = await readyToInvite('assurance-refus');
    inbox.refuseNext();
    const before = inbox.received.length;
    const result = await done(m, 'invite-company', { mediation: 'assurance-refus' });
    expect(inbox.received).toHaveLength(before);
    expect(result.text).toContain('L’e-mail n’a pas pu partir');
    expect(result.text).toContain('Bonjour Jeanne Martin,');
    expect(result.text).toMatch(/https:\/\/cessezlefeu\.example\/fr\/company\/sign-in\?token=/);
    const row = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'assurance-refus' } });
    expect(row.companyNotifiedVia).toBe('MANUAL');
  });

  it('reminds the company by e-mail 5 and 1 working days before its answer is due, and tells the mediators', async () => {
    const m = await readyToInvite('assurance-rappel');
    await done(m, 'invite-company', { mediation: 'assurance-rappel' });
    const { id } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'assurance-rappel' } });
    const five = await t.db.prisma.timer.findFirstOrThrow({
      where: { kind: 'companyReminder5d', subjectId: id },
    });
    // The mediations of the tests above were invited at the same moment: their clocks are set aside,
    // so this test reads one reminder.
    await t.db.prisma.timer.updateMany({
      where: { kind: { startsWith: 'company' }, subjectId: { not: id } },
      data: { cancelledAt: t.clock.now() },
    });
    const before = inbox.received.length;
    // The mail server refuses the first try: the clock fails, sends nothing else, and tries again.
    inbox.refuseNext();
    t.clock.set(five.dueAt);
    await fireDueTimers(m.core.deps, { limit: 100, instanceId: 'test' });
    expect(inbox.received).toHaveLength(before);
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'companyAnswerReminder' } })).toBe(0);
    const failed = await t.db.prisma.timer.findUniqueOrThrow({ where: { id: five.id } });
    expect(failed).toMatchObject({ firedAt: null, attempts: 1 });
    t.clock.set(failed.retryAt ?? five.dueAt);
    await fireDueTimers(m.core.deps, { limit: 100, instanceId: 'test' });
    expect(inbox.received).toHaveLength(before + 1);
    const body = bodyOf(inbox.received.at(-1)?.raw ?? '');
    expect(body).toContain('Nous n’avons pas encore reçu votre réponse');
    expect(body).toContain('dans 5 jours ouvrés');
    const told = await t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: 'companyAnswerReminder' },
    });
    expect(told.payload).toMatchObject({ textKey: 'mediations:notify.companyAnswerReminderEmailed' });
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'company.reminded', mediationId: id } }),
    ).toBe(1);
    // The last working day before the answer is due: the second reminder, in the singular.
    const one = await t.db.prisma.timer.findFirstOrThrow({
      where: { kind: 'companyReminder1d', subjectId: id },
    });
    t.clock.set(one.dueAt);
    await fireDueTimers(m.core.deps, { limit: 100, instanceId: 'test' });
    expect(inbox.received).toHaveLength(before + 2);
    expect(bodyOf(inbox.received.at(-1)?.raw ?? '')).toContain('dans 1 jour ouvré.');
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'company.reminded', mediationId: id } }),
    ).toBe(2);
  });
});
