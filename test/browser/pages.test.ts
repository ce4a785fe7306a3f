import { mkdirSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { locales } from '../../core/i18n/index.ts';
import { accessibilityViolations } from '../support/axe.ts';
import { describeInChromium, useBrowserSite } from '../support/browser.ts';
import { voteToTheClose } from '../support/closed-vote.ts';
import { useTestCore } from '../support/core.ts';
import { tabUntil } from '../support/keyboard.ts';
import { type SitePage, sitePages } from '../support/site-pages.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';

/** Kept by CI as artefacts: what each page looked like in Chromium (`.gitignore`d). */
const screenshots = new URL('../../test-artifacts/screenshots/', import.meta.url);

const t = useTestCore();
let pages: SitePage[] = [];

beforeAll(async () => {
  // The demo's open mediations, and one public mediation past a closed vote: every part of every page.
  await seedDemoData(t.db, t.clock);
  const negotiation = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 3, newsPublic: true });
  await voteToTheClose(t, negotiation.mediationId, negotiation.electors);
  pages = await sitePages(t.core);
  // This run's pages only: a page that no longer exists leaves no picture behind.
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
});

/** `/fr/mediations/kuvera` → `fr-mediations-kuvera.png`; the catalogue, `/fr/`, is `fr-catalogue.png`. */
const screenshotOf = (path: string) =>
  new URL(`${path.slice(1).replace(/\/$/, '/catalogue').replaceAll('/', '-')}.png`, screenshots);

describeInChromium('every page in Chromium', () => {
  const browser = useBrowserSite(() =>
    createSite({ core: t.core, logger: createLogger('silent'), telegramBot: 'CessezLeFeuBot' }),
  );

  for (const locale of locales) {
    it(`is in ${locale}, has a title, loads all it needs under its CSP and passes axe (WCAG 2.1 AA)`, async () => {
      const visitor = await browser.visitorPage();
      const tool = await browser.toolPage();
      // What a page asked for and did not get, and what its CSP blocked (an inline style, say). The
      // favicon is the browser's own request, not the page's: the site has none.
      const errors: string[] = [];
      visitor.on('response', (response) => {
        const { pathname } = new URL(response.url());
        if (
          response.status() >= 400 &&
          response.request().resourceType() !== 'document' &&
          pathname !== '/favicon.ico'
        )
          errors.push(`${response.status()} ${pathname}`);
      });
      visitor.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          errors.push(message.text());
      });
      const wanted = [
        ...pages.filter((page) => page.locale === locale).map(({ path }) => ({ path, status: 200 })),
        { path: `/${locale}/no-such-page`, status: 404 },
      ];
      for (const { path, status } of wanted) {
        errors.length = 0;
        expect.soft((await visitor.goto(path))?.status(), path).toBe(status);
        expect.soft(await visitor.getAttribute('html', 'lang'), path).toBe(locale);
        expect.soft(await visitor.locator('h1').count(), `${path}: one h1`).toBe(1);
        await visitor.screenshot({ path: screenshotOf(path).pathname, fullPage: true });
        expect.soft(errors, `${path}: resources and CSP`).toEqual([]);
        await tool.goto(path);
        expect.soft(await accessibilityViolations(tool), `${path}: axe`).toEqual([]);
      }
    }, 120_000);
  }

  it('takes a keyboard user from the catalogue to a mediation: Tab to its link, Enter', async () => {
    const page: Page = await browser.visitorPage();
    await page.goto('/fr/');
    // The first stop is the link that skips the navigation.
    expect(await tabUntil(page, 'a.skip')).toBe(1);
    await tabUntil(page, 'main a[href^="/fr/mediations/"]');
    const link = await page.evaluate(() => ({
      href: document.activeElement?.getAttribute('href') ?? '',
      text: document.activeElement?.textContent ?? '',
    }));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === link.href);
    expect(await page.locator('h1').textContent()).toBe(link.text);
  });
});
