import { describe, expect, it } from 'vitest';
import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { formatDateTime } from '../../core/i18n/index.ts';
import { addParticipant } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { auditSince, done, lastSeq, MEDIATOR_ID, refused } from './support.ts';

// The company's contact, and the notice of seizure it must receive when invited (R612-2): with no
// channel to the company configured, the mediator sends the text the service writes, and the mediation
// records that it went by hand.
const t = useTestCore({ checkAuditChain: true });
const actor = `mediator:${MEDIATOR_ID}`;

const company = () => t.db.prisma.company.findUniqueOrThrow({ where: { slug: 'assur-plus' } });
const mediation = () => t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'assurance-cachee' } });

describe('the company’s contact', () => {
  it('is given when the company is created, and changed with edit-company, audited', async () => {
    await done(t, 'create-company', {
      slug: 'assur-plus',
      name: 'Assur Plus',
      contactName: 'Service litiges',
    });
    expect(await company()).toMatchObject({ contactName: 'Service litiges', contactEmail: null });

    const seq = await lastSeq(t);
    const result = await done(t, 'edit-company', {
      company: 'assur-plus',
      contactName: 'Jeanne Martin',
      email: 'litiges@assur-plus.example',
    });
    expect(result.text).toBe('Entreprise «\u00a0Assur Plus\u00a0» modifiée.');
    expect(await company()).toMatchObject({
      name: 'Assur Plus',
      contactName: 'Jeanne Martin',
      contactEmail: 'litiges@assur-plus.example',
    });
    expect(await auditSince(t, seq)).toEqual([
      expect.objectContaining({
        actor,
        action: 'company.updated',
        details: { fields: 'contactEmail,contactName' },
      }),
    ]);
    expect((await refused(t, 'edit-company', { company: 'assur-plus' })).error.messageKey).toBe(
      'mediations:errors.nothingToChange',
    );
    expect((await refused(t, 'edit-company', { company: 'nobody', name: 'X' })).error.code).toBe('NOT_FOUND');
  });
});

describe('invite-company', () => {
  it('records that the company was notified by hand, and gives the French notice to send', async () => {
    await done(t, 'create-mediation', {
      slug: 'assurance-cachee',
      company: 'assur-plus',
      titleFr: 'Assurance jamais souscrite',
      titleEn: 'Insurance never taken out',
      summaryFr: 'Une assurance facturée sans souscription.',
      summaryEn: 'An insurance billed without subscription.',
      goalFr: 'Le remboursement des primes.',
      goalEn: 'A refund of the premiums.',
      registrationClosesAt: '2026-03-20',
    });
    expect((await refused(t, 'company-notice', { mediation: 'assurance-cachee' })).text).toContain(
      'pas encore invitée',
    );
    await done(t, 'open-registration', { mediation: 'assurance-cachee' });
    const { id } = await mediation();
    for (let i = 0; i < 3; i++) await addParticipant(t, id);
    await done(t, 'close-registration', { mediation: 'assurance-cachee' });

    const seq = await lastSeq(t);
    const result = await done(t, 'invite-company', { mediation: 'assurance-cachee' });
    const row = await mediation();
    expect(row).toMatchObject({ status: 'NEGOTIATION', companyNotifiedVia: 'MANUAL' });
    expect(row.companyInvitedAt).toEqual(t.clock.now());
    expect(await auditSince(t, seq)).toContainEqual(
      expect.objectContaining({
        actor,
        action: 'mediation.status',
        details: expect.objectContaining({ to: 'NEGOTIATION', companyNotifiedVia: 'MANUAL' }),
      }),
    );

    const answerDue = formatDateTime(row.companyAnswerDueAt as Date, 'fr');
    const endsBy = formatDateTime(row.endsBy as Date, 'fr');
    const text = result.text;
    expect(text).toContain('Envoyez vous-même l’avis ci-dessous');
    expect(text).toContain('Aucun serveur de messagerie n’est configuré (SMTP_URL)');
    expect(text).toContain('Destinataire\u00a0: Jeanne Martin <litiges@assur-plus.example>, chez Assur Plus');
    expect(text).toContain(
      'Objet\u00a0: Médiation collective «\u00a0Assurance jamais souscrite\u00a0»\u00a0: notification de saisine',
    );
    expect(text).toContain('Bonjour Jeanne Martin,');
    // R612-2: the mediation is seized, and each party may withdraw at any time.
    expect(text).toContain('est saisi d’une médiation collective qui vous concerne');
    expect(text).toContain('3 consommateur·rices y ont déposé un dossier');
    expect(text).toContain('se retirer de la médiation à tout moment');
    // The deadline to answer, the 90-day limit (R612-5) and how to answer.
    expect(text).toContain(`au plus tard le ${answerDue} (20 jours ouvrés)`);
    expect(text).toContain(`au plus tard le ${endsBy}, dans les 90 jours`);
    expect(text).toContain('en réponse à ce message, en rappelant la référence assurance-cachee');
    expect(result.ok && result.data).toMatchObject({
      companyNotifiedVia: 'MANUAL',
      notice: { to: { contactEmail: 'litiges@assur-plus.example' } },
    });

    // Seen again later, in English for the mediator: the notice itself stays in French.
    const again = await done(t, 'company-notice', { mediation: 'assurance-cachee' }, 'en');
    expect(again.text).toContain('Send the notice below to the company yourself');
    expect(again.text).toContain('Bonjour Jeanne Martin,');
    expect(again.text).toContain(`au plus tard le ${endsBy}`);
  });

  it('says how to complete an unknown contact', async () => {
    await done(t, 'create-company', { slug: 'sans-contact', name: 'Sans Contact' });
    await done(t, 'create-mediation', {
      slug: 'sans-contact-litige',
      company: 'sans-contact',
      titleFr: 'Litige',
      titleEn: 'Dispute',
      summaryFr: 'Un litige.',
      summaryEn: 'A dispute.',
      goalFr: 'Un accord.',
      goalEn: 'An agreement.',
      registrationClosesAt: '2026-03-20',
    });
    await done(t, 'open-registration', { mediation: 'sans-contact-litige' });
    const { id } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'sans-contact-litige' } });
    await addParticipant(t, id);
    await done(t, 'close-registration', { mediation: 'sans-contact-litige' });
    const result = await done(t, 'invite-company', { mediation: 'sans-contact-litige' });
    expect(result.text).toContain(
      'à compléter — ajoutez le contact de l’entreprise Sans Contact avec edit-company sans-contact --contact-name … --email …',
    );
    expect(result.text).toContain('Madame, Monsieur,');
    expect(result.text).toContain('1 consommateur·rice y a déposé un dossier');
    expect(result.text).toMatch(/Lien de l’espace de l’entreprise, [^\n]+\/fr\/company\/sign-in\?token=/);
  });

  it('gives a one-time link to the company’s portal, and a new one on demand that voids it', async () => {
    // The mediation of the test before is invited, its link given then: a new one is asked for.
    const first = await done(t, 'company-link', { mediation: 'sans-contact-litige' });
    const url = (first.ok && (first.data as { portalUrl: string }).portalUrl) || '';
    expect(url).toMatch(/^\/fr\/company\/sign-in\?token=[A-Za-z0-9_-]{43}$/);
    expect(first.text).toContain('à transmettre à son contact seulement (un seul usage, valable jusqu’au');
    expect(first.text).toContain('PUBLIC_URL n’est pas configuré');
    const second = await done(t, 'company-link', { mediation: 'sans-contact-litige' });
    expect(second.text).toContain('Le lien donné auparavant ne fonctionne plus.');
    const token = (link: string) =>
      portalTokenHash(new URL(link, 'http://x').searchParams.get('token') ?? '');
    const signIn = (link: string) =>
      t.core.signInCompany(systemActor('web'), {
        linkTokenHash: token(link),
        sessionTokenHash: portalTokenHash(newPortalToken()),
      });
    expect((await signIn(url)).ok).toBe(false);
    const latest = (second.ok && (second.data as { portalUrl: string }).portalUrl) || '';
    expect((await signIn(latest)).ok).toBe(true);
  });
});
