import type { Page } from 'playwright-core';

/**
 * Presses Tab until the focused element matches `selector`, as a keyboard user moves through a page,
 * and fails after `maxTabs` presses rather than looping: an element Tab never reaches is the finding.
 * Returns the number of presses it took.
 */
export async function tabUntil(page: Page, selector: string, maxTabs = 40): Promise<number> {
  for (let presses = 1; presses <= maxTabs; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
      return presses;
    }
  }
  throw new Error(`Tab did not reach ${selector} within ${maxTabs} presses`);
}
