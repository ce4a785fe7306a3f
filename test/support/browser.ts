import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * A real headless Chromium on the real site (issue 14): Debian's `chromium` package driven by
 * playwright-core, which downloads no browser of its own. Without it the browser tests are skipped, and
 * say so once, since a skipped file is easy to miss among hundreds of passing ones. `CHROMIUM_PATH`, when
 * set, is the only one tried: a wrong path must not quietly test another browser.
 */
const candidates = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const chromiumPath = candidates.find((path) => existsSync(path));

if (!chromiumPath) {
  console.warn(
    'Browser tests skipped: Chromium not found (install Debian’s chromium package or set CHROMIUM_PATH)',
  );
}

/** A describe block that runs only where Chromium is installed; put `useBrowserSite` inside it. */
export const describeInChromium = describe.skipIf(!chromiumPath);

export interface BrowserSite {
  /** A new tab as a visitor's: the site's Content-Security-Policy applies. */
  visitorPage(): Promise<Page>;
  /** A new tab that ignores the CSP, for tools that inject their own script into a page (axe). */
  toolPage(): Promise<Page>;
}

/**
 * The site served over HTTP on a free port of 127.0.0.1 and a Chromium to visit it, for one test file:
 * started before its tests (after the hooks registered earlier, such as the test core's), closed after.
 * Pages take paths relative to the site: `page.goto('/fr/')`.
 */
export function useBrowserSite(createSite: () => Hono): BrowserSite {
  let server: ServerType;
  let browser: Browser;
  let visitor: BrowserContext;
  let tools: BrowserContext;
  beforeAll(async () => {
    const site = createSite();
    // Port 0: the system picks a free port, with no window for another process to take it.
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: site.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    const baseURL = `http://127.0.0.1:${port}`;
    // Tests run as root in CI, where Chromium refuses to start with its sandbox.
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    visitor = await browser.newContext({ baseURL });
    tools = await browser.newContext({ baseURL, bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return { visitorPage: () => visitor.newPage(), toolPage: () => tools.newPage() };
}
