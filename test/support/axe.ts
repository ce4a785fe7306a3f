import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The rules issue 14 asks every page to pass: WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's WCAG 2.1 A/AA violations on the page open in `page`, one readable line per element at
 * fault: `color-contrast: Elements must meet minimum color contrast ratio thresholds — at .muted
 * (Fix any of the following: …)`. An empty list is a page that passes. The page must come from a
 * context that bypasses the CSP (`toolPage()`): the site's policy forbids the script axe injects.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG_21_AA,
  );
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id}: ${violation.help} — at ${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ')})`,
    ),
  );
}
