import { defineConfig } from 'vitest/config';

/**
 * Tests that run alone, after all the others, one file at a time: those driving Chromium (a browser
 * takes both cores while it renders) and those timing real processes and connections — a program killed
 * or doubled, a real database outage, Discord uploads after a reset — which missed their marks in CI
 * when another test file ran beside them on the busy 2-core machine.
 */
const alone = [
  'test/browser/**/*.test.ts',
  'test/journeys/company-portal.test.ts',
  'test/telegram/chaos.test.ts',
  'test/telegram/real-outage.test.ts',
  'test/discord/vote-list.test.ts',
  'test/discord/data-export.test.ts',
];

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
          name: 'together',
          include: ['test/**/*.test.ts'],
          exclude: alone,
          // One embedded database per worker; on a PostgreSQL server each file gets its own database.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'alone', include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
