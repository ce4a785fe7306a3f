import { beforeAll, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { accessibilityViolations } from '../support/axe.ts';
import { describeInChromium, useBrowserSite } from '../support/browser.ts';
import { invitedCompany } from '../support/company.ts';
import { useTestCore } from '../support/core.ts';

// The company's portal in Chromium (issue 15): the link opens it, the answer form says what is missing
// under its field, and axe finds nothing to fix on the way.
const t = useTestCore();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const slug of ['portail', 'portail-offre']) tokens[slug] = await invited(slug);
});

/** A mediation whose company is invited, with two files; returns the company's sign-in token. */
const invited = async (slug: string) => (await invitedCompany(t, { slug, amounts: [4_990, 12_000] })).token;

describeInChromium('the company portal in Chromium', () => {
  const browser = useBrowserSite(() => createSite({ core: t.core, logger: createLogger('silent') }));

  it('signs in with the link, shows what a wrong answer lacks, and passes axe', async () => {
    const page = await browser.toolPage();
    await page.goto(`/fr/company/sign-in?token=${tokens.portail}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/\/fr\/company\/mediations\/portail$/),
      page.getByRole('button').click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Litige Opérateur');
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
    expect(await accessibilityViolations(page)).toEqual([]);
    // The link, spent, now leads to the refusal page: axe has nothing to say there either.
    await page.goto(`/fr/company/sign-in?token=${tokens.portail}`);
    await page.getByRole('button').click();
    expect(await page.locator('main').textContent()).toContain('Ce lien de connexion n’est plus valable');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('takes an offer after a wrong amount is corrected under its field, and passes axe', async () => {
    const page = await browser.toolPage();
    await page.goto(`/en/company/sign-in?token=${tokens['portail-offre']}`);
    await Promise.all([
      page.waitForURL(/\/en\/company\/mediations\/portail-offre$/),
      page.getByRole('button').click(),
    ]);
    await page
      .getByLabel('The terms of the offer, in French')
      .fill('Remboursement de 80 % des frais, plafonné.');
    await page.getByLabel('A percentage of the amount each one claimed').check();
    await page.getByLabel('Percentage of the amount claimed').fill('180');
    await page.getByLabel('Cap per participant, in euros (optional)').fill('500');
    await page.getByLabel('I confirm this offer').check();
    await page.getByRole('button', { name: 'Present the offer' }).click();
    expect(await page.locator('#percent-error').textContent()).toBe(
      'Write a percentage between 0.01 and 100, for example 80 or 80.5.',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Percentage of the amount claimed').fill('80');
    await page.getByLabel('I confirm this offer').check();
    await page.getByRole('button', { name: 'Present the offer' }).click();
    expect(await page.locator('section[aria-labelledby=offers]').textContent()).toContain('Round 1 offer');
    const offer = await t.db.prisma.offer.findFirstOrThrow({
      where: { mediation: { slug: 'portail-offre' } },
    });
    expect(offer).toMatchObject({ compensationKind: 'PERCENT', percentBasisPoints: 8000, capCents: 50_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    // Sent back by the mediators: the company reads their comment, and may offer again.
    unwrap(
      await t.core.returnOffer(mediatorActor('slack:T1/U1'), {
        mediationId: offer.mediationId,
        comment: 'Please state the cap in the French terms too.',
      }),
    );
    await page.reload();
    expect(await page.locator('section[aria-labelledby=offers]').textContent()).toContain(
      'Please state the cap in the French terms too.',
    );
    expect(await page.getByRole('button', { name: 'Present the offer' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
