import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Files in one worker share its embedded database (PGlite takes seconds to start), reset between files.
    isolate: false,
    pool: 'threads',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One embedded database per worker; on a PostgreSQL server each file gets its own database.
    maxWorkers: 2,
  },
});
