import { defineConfig } from 'vitest/config';

// Tests that touch the database are named *.db.test.ts and run twice: once on embedded PGlite and
// once on the PostgreSQL server at 127.0.0.1:5432 (CONTRACT.md: both back ends, same tests).
const dbTests = ['api/**/*.db.test.ts', 'db/**/*.db.test.ts', 'test/**/*.db.test.ts'];
const shared = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['test/setup/required-tools.ts'],
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit+integration',
          include: [
            'api/**/*.test.ts',
            'db/**/*.test.ts',
            'ui/**/*.test.ts',
            'addin/**/*.test.ts',
            'thunderbird-ext/**/*.test.ts',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: [...dbTests, '**/node_modules/**'],
        },
      },
      {
        test: { ...shared, name: 'pglite', include: dbTests, env: { TEST_DATABASE: 'pglite' } },
      },
      {
        test: { ...shared, name: 'postgres', include: dbTests, env: { TEST_DATABASE: 'postgres' } },
      },
    ],
  },
});
