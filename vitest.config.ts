import { defineConfig } from 'vitest/config';

// Two projects, as the house style asks: fast unit tests (no database, no network beyond
// loopback fixtures) and integration tests against the real MongoDB-compatible server.
export default defineConfig({
  test: {
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/scrapers/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/sim/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Crawls through the whole pipeline on a 2-core machine; FerretDB does every lookup itself.
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
