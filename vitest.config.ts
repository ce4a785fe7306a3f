import { defineConfig } from 'vitest/config';

/**
 * The tests that drive Chromium: they run after all the others, one file at a time. A browser takes
 * both cores of the CI machine while it renders; beside it, the tests that time real network exchanges
 * (Discord's uploads after a reset, a real database outage) missed their marks.
 */
const inChromium = ['test/browser/**/*.test.ts', 'test/journeys/company-portal.test.ts'];

export default defineConfig({
  test: {
    // Files in one worker share its embedded database (PGlite takes seconds to start), reset between files.
    isolate: false,
    pool: 'threads',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'product',
          include: ['test/**/*.test.ts'],
          exclude: inChromium,
          // One embedded database per worker; on a PostgreSQL server each file gets its own database.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'chromium', include: inChromium, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
