import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Test tiers (STYLE.md "Tests"), each a vitest project with its own global setup, so a tier only
// demands what it uses (test/setup/requirements.ts):
//
//   unit         *.test.ts beside the code: no browser, Thunderbird, database server or CLI tool;
//                seconds (npm run test:unit)
//   integration  test/*.test.ts       cross-component: the readers (7z, qpdf, ...), the CLI, the corpus
//   pglite       *.db.test.ts         touches the database: on embedded PGlite ...
//   postgres     *.db.test.ts         ... and again on the PostgreSQL server at 127.0.0.1:5432
//   browser      *.browser.test.ts    real Chromium, once, on PGlite
//   thunderbird  *.e2e.test.ts        real Thunderbird, once, on PGlite
//
// `npm test` runs them all. The database matrix is for tests that exercise the database; a browser
// or Thunderbird test that also needs a database runs once, on PGlite.
const dbTests = ['**/*.db.test.ts'];
const browserTests = ['**/*.browser.test.ts'];
const thunderbirdTests = ['**/*.e2e.test.ts'];
const roots = ['api', 'db', 'ui', 'addin', 'thunderbird-ext', 'test', 'scripts', 'bench'];
const under = (patterns: string[]) => roots.flatMap((r) => patterns.map((p) => `${r}/${p}`));
const exclude = ['**/node_modules/**', 'dist/**'];
// isolate: false lets the files a worker runs share its module cache: the service, drizzle, pdf-lib
// and the fonts are loaded once per worker instead of once per file. Measured side by side (whole
// suite, 2 workers): module import 327 s -> 51 s of worker time, the run 730 s -> 544 s. No test
// file patches a module or a global it does not restore. (Thunderbird's files were kept isolated
// after a gateway test timed out once; the cause was two Thunderbirds sharing /tmp, fixed in
// test/helpers/thunderbird.ts.)
const shared = { testTimeout: 60_000, hookTimeout: 120_000, isolate: false };

export default defineConfig({
  test: {
    pool: 'forks',
    // One worker more than cores: a good part of the suite waits on Chromium, Thunderbird, spawned
    // CLI processes and timers it cannot hurry, and the extra worker runs a file meanwhile. The same
    // tree on 2 cores, one run after the other: 2 workers 229 s, 3 workers 215 s, 4 workers 250 s.
    maxWorkers: os.availableParallelism() + 1,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: under(['**/*.test.ts']).filter((p) => !p.startsWith('test/')),
          exclude: [...exclude, ...dbTests, ...browserTests, ...thunderbirdTests],
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...exclude, ...dbTests, ...browserTests, ...thunderbirdTests],
          globalSetup: ['test/setup/local.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'pglite',
          include: under(dbTests),
          exclude,
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/setup/local.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: under(dbTests),
          exclude,
          env: { TEST_DATABASE: 'postgres' },
          globalSetup: ['test/setup/postgres.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          include: under(browserTests),
          exclude,
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/setup/browser.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'thunderbird',
          include: under(thunderbirdTests),
          exclude,
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/setup/thunderbird.ts'],
        },
      },
    ],
  },
});
