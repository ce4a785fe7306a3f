import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { accessibilityViolations } from '../support/axe.ts';
import { describeInChromium, useBrowserSite } from '../support/browser.ts';
import { voteToTheClose } from '../support/closed-vote.ts';
import { useTestCore } from '../support/core.ts';
import { tabUntil } from '../support/keyboard.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';

// A visitor's way to a vote's results in Chromium (issue 14): from the catalogue to the mediation and its
// results, a receipt checked with the keyboard alone (found, then not found), and the list downloaded
// and recounted against the digest and the counts the page shows.
const t = useTestCore();
let receipts: string[] = [];

beforeAll(async () => {
  const negotiation = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 5, newsPublic: true });
  // Accept, accept, refuse, abstain, accept: 3 of 5 accept, short of 75 %.
  ({ receipts } = await voteToTheClose(t, negotiation.mediationId, negotiation.electors));
});

/** Types a receipt into the form and submits it, using nothing but the keyboard. */
async function checkWithKeyboard(page: Page, receipt: string) {
  await tabUntil(page, '#receipt', 60);
  await page.keyboard.type(receipt);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');
  await Promise.all([page.waitForURL(/\/receipt$/), page.keyboard.press('Enter')]);
  return ((await page.locator('[role="status"], [role="alert"]').textContent()) ?? '').replace(/\s+/g, ' ');
}

describeInChromium('a vote’s results in Chromium', () => {
  const browser = useBrowserSite(() => createSite({ core: t.core, logger: createLogger('silent') }));

  it('leads from the catalogue to the results, and checks a receipt with the keyboard alone', async () => {
    const page = await browser.visitorPage();
    await page.goto('/fr/');
    await page.getByRole('link', { name: 'Frais supplémentaires', exact: true }).click();
    await page.getByRole('link', { name: 'Voir les résultats et vérifier un reçu' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/fr\/mediations\/case-[0-9a-f]{8}\/votes\/1$/);
    expect(await page.locator('h1').textContent()).toBe('Résultats du vote du tour 1');
    const results = page.url();

    // Typed loosely, as people retype a code: lower case, no dashes.
    const mine = receipts[2] ?? '';
    const found = await checkWithKeyboard(page, mine.toLowerCase().replaceAll('-', ''));
    expect(found).toContain(`Le reçu ${mine} figure dans la liste publiée, avec le choix « Refuser ».`);
    expect(found).toContain('La liste est bien celle dont l’empreinte a été enregistrée à la clôture');

    await page.goto(results);
    const missing = await checkWithKeyboard(page, '0000-0000-0000');
    expect(missing).toContain('Le reçu 0000-0000-0000 ne figure pas dans la liste publiée.');

    const english = await browser.visitorPage();
    await english.goto(results.replace('/fr/', '/en/'));
    expect(await checkWithKeyboard(english, receipts[0] ?? '')).toContain(
      `Receipt ${receipts[0]} is in the published list, with the choice “Accept”.`,
    );
  });

  it('downloads the list, whose sha256 and recount match what the page shows', async () => {
    const page = await browser.visitorPage();
    await page.goto('/fr/');
    await page.getByRole('link', { name: 'Frais supplémentaires', exact: true }).click();
    await page.getByRole('link', { name: 'Voir les résultats et vérifier un reçu' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger la liste au format CSV (le fichier scellé)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vote-[0-9a-f]{8}-receipts\.csv$/);
    const list = readFileSync((await download.path()) ?? '', 'utf8');
    const shown = await page.locator('dl.facts code').first().textContent();
    expect(createHash('sha256').update(list).digest('hex')).toBe(shown);

    const lines = list.trim().split('\n').slice(1);
    const recount = (choice: string) => lines.filter((line) => line.endsWith(`,${choice}`)).length;
    const cell = async (label: string) =>
      Number(
        await page
          .locator('tr', { has: page.locator(`th:text-is("${label}")`) })
          .locator('td')
          .textContent(),
      );
    expect(recount('ACCEPT')).toBe(await cell('Accepter'));
    expect(recount('REFUSE')).toBe(await cell('Refuser'));
    expect(recount('ABSTAIN')).toBe(await cell('M’abstenir'));
    expect([recount('ACCEPT'), recount('REFUSE'), recount('ABSTAIN')]).toEqual([3, 1, 1]);
    expect(await page.locator('.outcome-rejected').textContent()).toContain('Offre refusée');
    expect(lines.map((line) => line.split(',')[0]).sort()).toEqual([...receipts].sort());
  });

  it('answers a receipt check, or refuses a wrong one, on pages that pass axe too', async () => {
    const page = await browser.toolPage();
    for (const typed of [receipts[1] ?? '', 'pas un reçu']) {
      await page.goto('/fr/');
      await page.getByRole('link', { name: 'Frais supplémentaires', exact: true }).click();
      await page.getByRole('link', { name: 'Voir les résultats et vérifier un reçu' }).click();
      await page.getByRole('textbox', { name: 'Mon reçu' }).fill(typed);
      await Promise.all([
        page.waitForURL(/\/receipt$/),
        page.getByRole('button', { name: 'Vérifier' }).click(),
      ]);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    expect(await page.getByRole('textbox', { name: 'Mon reçu' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('Ce texte n’est pas un reçu.');
  });
});
