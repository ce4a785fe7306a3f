import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { smtpMailer } from '../../bots/mail/smtp-mailer.ts';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { t as text } from '../../core/i18n/index.ts';
import { fileReference } from '../../core/references/short-id.ts';
import { useSlackApp } from '../slack/harness.ts';
import { mediationCommands } from '../slack/mediation-command.ts';
import { accessibilityViolations } from '../support/axe.ts';
import { describeInChromium, useBrowserSite } from '../support/browser.ts';
import { useTestCore } from '../support/core.ts';
import { type FakePerson, waitFor } from '../support/fake-telegram.ts';
import { startSmtpInbox } from '../support/smtp-inbox.ts';
import { press, quiet, useTelegramBot } from '../telegram/harness.ts';
import { joinThroughTheChat } from './consumer-on-telegram.ts';
import { journeyTeam } from './team.ts';

/**
 * The company at the table (issue 15), end to end: the mediators set up and invite from the command line
 * and Slack, the company's contact opens the e-mailed link in Chromium, reads the file without a name,
 * takes part and presents an offer (a wrong amount first), the mediators put it to the vote from Slack,
 * two consumers vote and adhere on Telegram, the company marks the payouts sent with a CSV file, the
 * consumers confirm, and the mediation closes as a success. Nothing is written to the database by hand.
 */
const t = useTestCore({ checkAuditChain: true });
const tg = useTelegramBot({ flows: consumerFlows, core: t });
const sl = useSlackApp({ actions: mediatorActions, core: t });
const { confirmed, mediation } = mediationCommands(sl);
let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;

const SLUG = 'frais-portail';
const persons: FakePerson[] = [];

beforeAll(async () => {
  inbox = await startSmtpInbox();
});
afterAll(() => inbox?.close());

const { admin, deliver, postedToTeam: posted } = journeyTeam(t, tg, sl);
const postedToTeam = () => posted().map((call) => String(call.args.text));

/** The one-time link in the last e-mail the company's contact received. */
function linkInLastMail(): string {
  const raw = inbox.received.at(-1)?.raw ?? '';
  const body = raw.replace(/=\r\n/g, '');
  const link =
    /http:\/\/127\.0\.0\.1:\d+\/fr\/company\/sign-in\?token=3D([A-Za-z0-9_-]{43})|http:\/\/127\.0\.0\.1:\d+\/fr\/company\/sign-in\?token=([A-Za-z0-9_-]{43})/.exec(
      body,
    );
  const token = link?.[1] ?? link?.[2];
  if (!link || !token) throw new Error('no link in the e-mail');
  return `/fr/company/sign-in?token=${token}`;
}

describeInChromium('the company at the table, from the e-mailed link to a success', () => {
  const browser = useBrowserSite(() => createSite({ core: t.core, logger: createLogger('silent') }));
  let portal: Page;

  it('is set up, joined on Telegram, and invited by e-mail from Slack', async () => {
    // The program's configuration: the mail server and the site's address (known once it listens).
    const page = await browser.visitorPage();
    await page.goto('/fr/');
    Object.assign(t.core.deps, {
      mailer: smtpMailer({ url: inbox.url, from: 'mediation@cessezlefeu.example' }),
      publicUrl: new URL(page.url()).origin,
    });
    await admin(
      'create-company',
      'acme',
      'Acme SA',
      '--contact-name',
      'Jeanne Martin',
      '--email',
      'litiges@acme.example',
    );
    await admin(
      'create-mediation',
      SLUG,
      '--company',
      'acme',
      ...['--title-fr', 'Frais cachés Acme', '--title-en', 'Acme hidden fees'],
      ...['--summary-fr', 'Des frais facturés sans accord.', '--summary-en', 'Fees charged without consent.'],
      ...['--goal-fr', 'Le remboursement des frais.', '--goal-en', 'A refund of the fees.'],
      ...['--registration-closes-at', '2026-03-20'],
      ...['--question', 'Êtes-vous client·e d’Acme ? | Are you an Acme customer? | oui'],
    );
    await admin('open-registration', SLUG);
    for (const [i, amount] of ['120', '80'].entries()) {
      const person = tg.fake.person({ languageCode: 'fr' });
      persons.push(person);
      await joinThroughTheChat(tg.fake, person, SLUG, {
        lang: 'fr',
        amount,
        description: `Zéphyrine ${i} : des frais cachés prélevés chaque mois.`,
        // The first lets the company read her description; the second keeps it to the mediators.
        shareWithCompany: i === 0,
      });
    }
    const files = await t.db.prisma.participant.findMany({ where: { mediation: { slug: SLUG } } });
    for (const file of files) await admin('admit', file.id.slice(0, 8));
    await confirmed(`close-registration ${SLUG}`);
    expect(await confirmed(`invite-company ${SLUG}`)).toContain('envoyés par e-mail à litiges@acme.example');
    expect(inbox.received.at(-1)?.to).toEqual(['litiges@acme.example']);
  }, 120_000);

  it('lets the company read the file without a name (and the one complaint shown to it), take part and offer', async () => {
    portal = await browser.toolPage();
    await portal.goto(linkInLastMail());
    await Promise.all([
      portal.waitForURL(new RegExp(`/fr/company/mediations/${SLUG}$`)),
      portal.getByRole('button').click(),
    ]);
    const html = (await portal.locator('body').textContent()) ?? '';
    expect(html).toContain('200,00\u00a0€');
    expect(html).toContain('Zéphyrine 0 : des frais cachés prélevés chaque mois.');
    expect(html).not.toContain('Zéphyrine 1');
    const files = await t.db.prisma.participant.findMany({ where: { mediation: { slug: SLUG } } });
    for (const file of files) expect(html).toContain(fileReference(file.id));

    await portal.getByLabel('Oui, l’entreprise entre dans la médiation et présentera une offre').check();
    await portal.locator('form.stacked').first().getByLabel('Je confirme cette réponse').check();
    await portal.getByRole('button', { name: 'Envoyer la réponse' }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain(
      'Vous avez accepté d’entrer dans la médiation',
    );

    await portal
      .getByLabel('Les termes de l’offre, en français')
      .fill('Remboursement de 50 € à chaque participant·e.');
    await portal.getByLabel('Un montant fixe pour chaque participant·e').check();
    await portal.getByLabel('Montant fixe par participant·e, en euros').fill('cinquante');
    await portal.getByLabel('Je confirme cette offre').check();
    await portal.getByRole('button', { name: 'Présenter l’offre' }).click();
    expect(await portal.locator('#fixed-error').textContent()).toBe(
      'Écrivez un montant en euros, par exemple 49,90.',
    );
    expect(await accessibilityViolations(portal)).toEqual([]);
    await portal.getByLabel('Montant fixe par participant·e, en euros').fill('50');
    await portal.getByLabel('Je confirme cette offre').check();
    await portal.getByRole('button', { name: 'Présenter l’offre' }).click();
    expect(await portal.locator('section[aria-labelledby=offers]').textContent()).toContain(
      'Offre du tour 1',
    );
    await deliver();
    await waitFor(() =>
      postedToTeam().find((posted) => posted.includes('L’entreprise a présenté son offre')),
    );
  }, 60_000);

  it('is voted on Telegram after the mediators open the vote from Slack, then signed', async () => {
    await confirmed(`open-vote ${SLUG} 2026-03-09T18:00`);
    await deliver();
    for (const person of persons) {
      await waitFor(() => person.texts().some((message) => message.includes('Vote ouvert')));
      await quiet(person);
      expect(await press(person, text('fr', 'common:ballotChoice.ACCEPT'))).toContain('C’est noté');
    }
    expect(await confirmed(`close-vote ${SLUG}`)).toContain('2 pour sur 2 votant·es possibles');
    await confirmed(`open-adhesion ${SLUG} 2026-03-16T18:00`);
    await deliver();
    for (const person of persons) {
      await waitFor(() => person.texts().some((message) => message.includes('Votre indemnisation')));
      await quiet(person);
      expect(await press(person, text('fr', 'account:adhesion.adhere'))).toContain('vous adhérez');
    }
    expect(await admin('close-adhesion', SLUG, '--yes')).toContain('2 adhésions');
  }, 60_000);

  it('lets the company mark the payouts sent with a CSV file and a proof; the consumers confirm; it closes as a success', async () => {
    await portal.reload();
    // Before any is marked: each row's button (its name starts with what it shows) and the file form, checked by axe.
    expect(
      await portal.getByRole('button', { name: /^Marquer comme envoyé le versement [0-9A-F]{12}$/ }).count(),
    ).toBe(2);
    expect(await accessibilityViolations(portal)).toEqual([]);
    const csv = join(tmpdir(), `versements-${Date.now()}.csv`);
    const files = await t.db.prisma.participant.findMany({ where: { mediation: { slug: SLUG } } });
    await writeFile(
      csv,
      `reference;montant\n${files.map((file) => `${fileReference(file.id)};50,00`).join('\n')}\n`,
    );
    // With the bank's transfer notice as proof, read by the mediators only.
    const proof = join(tmpdir(), `avis-virement-${Date.now()}.pdf`);
    await writeFile(proof, '%PDF-1.4\n% Avis de virement groupé Acme\n%%EOF\n');
    await portal.getByLabel('Fichier des références').setInputFiles(csv);
    await portal.getByLabel('Preuve du virement (facultatif)').setInputFiles(proof);
    await portal.getByRole('button', { name: 'Marquer les versements du fichier' }).click();
    expect(await portal.locator('section[aria-labelledby=payouts]').textContent()).toContain(
      '2 versements marqués comme envoyés. La preuve du virement est jointe\u00a0: l’équipe de médiation peut la lire.',
    );
    expect(await accessibilityViolations(portal)).toEqual([]);
    await deliver();
    expect(postedToTeam().filter((posted) => posted.includes('et joint une preuve du virement'))).toEqual([
      expect.stringContaining('(payout-proofs frais-portail)'),
    ]);
    const [read] = await mediation(`payout-proofs ${SLUG}`, 2);
    expect(read).toContain('«\u00a0Frais cachés Acme\u00a0»\u00a0: 1 preuve de virement.');
    const upload = sl.fake.uploads.at(-1);
    expect(upload?.filename).toMatch(/^avis-virement-\d+\.pdf$/);
    expect(String(upload?.content)).toContain('Avis de virement groupé Acme');
    for (const person of persons) {
      await waitFor(() => person.texts().some((message) => message.includes('a été envoyé')));
      await quiet(person);
      expect(await press(person, text('fr', 'agreement:chat.received'))).toContain(
        text('fr', 'agreement:chat.confirmed'),
      );
    }
    await portal.reload();
    expect(await portal.locator('section[aria-labelledby=payouts]').textContent()).toContain(
      'Réception confirmée pour 2 versements sur 2.',
    );
    await confirmed(`close-succeeded ${SLUG}`);
    expect(await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: SLUG } })).toMatchObject({
      status: 'CLOSED_SUCCESS',
      companyAnswer: 'TAKE_PART',
      companyNotifiedVia: 'EMAIL',
    });
    const companyActions = await t.db.prisma.auditEntry.findMany({
      where: { actor: { startsWith: 'company:' } },
    });
    expect(new Set(companyActions.map((entry) => entry.action))).toEqual(
      new Set([
        'company.signedIn',
        'company.answered',
        'offer.recorded',
        'payout.sent',
        'payout.proofAttached',
      ]),
    );
  }, 60_000);
});
