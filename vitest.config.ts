import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // a throwaway PostgreSQL for the PostgreSQL tests when DATABASE_URL is not set (see the file)
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
  },
});
