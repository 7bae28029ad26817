import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite and PostgreSQL suites each open databases: two workers suit the 2-core machines we run on
    maxWorkers: 2,
  },
});
