import { beforeAll, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { createLogger } from '../../core/config/logger.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { accessibilityViolations } from '../support/axe.ts';
import { describeInChromium, useBrowserSite } from '../support/browser.ts';
import { useTestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';

// The company's portal in Chromium (issue 15): the link opens it, the answer form says what is missing
// under its field, and axe finds nothing to fix on the way.
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
let token = '';

beforeAll(async () => {
  const company = await t.db.prisma.company.create({ data: { slug: 'portail-co', name: 'Opérateur' } });
  const mediation = await t.db.prisma.mediation.create({
    data: {
      slug: 'portail',
      companyId: company.id,
      titleFr: 'Frais cachés',
      titleEn: 'Hidden fees',
      summaryFr: 'Résumé',
      summaryEn: 'Summary',
      goalFr: 'Objectif',
      goalEn: 'Goal',
      status: 'REGISTRATION_CLOSED',
      createdBy: 'mediator:test',
    },
  });
  for (const amountCents of [4_990, 12_000]) {
    await insertParticipant(t.db, mediation.id, t.clock.now(), { amountCents });
  }
  unwrap(await t.core.inviteCompany(mediator, { mediationId: mediation.id }));
  token = newPortalToken();
  unwrap(
    await t.core.issueCompanyLink(mediator, { mediationId: mediation.id, tokenHash: portalTokenHash(token) }),
  );
});

describeInChromium('the company portal in Chromium', () => {
  const browser = useBrowserSite(() => createSite({ core: t.core, logger: createLogger('silent') }));

  it('signs in with the link, shows what a wrong answer lacks, and passes axe', async () => {
    const page = await browser.toolPage();
    await page.goto(`/fr/company/sign-in?token=${token}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/\/fr\/company\/mediations\/portail$/),
      page.getByRole('button').click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Frais cachés');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Non, l’entreprise refuse d’entrer dans la médiation').check();
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    expect(await page.locator('#reason-error').textContent()).toBe('Donnez le motif de votre refus.');
    expect(await page.locator('#confirm-error').textContent()).toBe(
      'Cochez la case pour confirmer votre réponse.',
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Motif du refus').fill('Nous contestons les faits.');
    await page.getByLabel('Je confirme cette réponse').check();
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    expect(await page.getByRole('status').textContent()).toContain(
      'Vous avez refusé d’entrer dans la médiation le',
    );
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'portail' } });
    expect(mediation).toMatchObject({ status: 'CLOSED_FAILURE', companyAnswer: 'DECLINED' });
  });
});
