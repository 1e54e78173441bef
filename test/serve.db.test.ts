import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, startServe, tempDir } from './helpers/cli';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from './helpers/db';

// `npm start` is `node bin/vertraulich.mjs serve`: on a fresh DATA_DIR with embedded PGlite, and with
// DATABASE_URL on the local PostgreSQL, it migrates, answers /healthz and stops cleanly on SIGTERM.

let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

describe(`serve on ${testDatabaseKind()}`, () => {
  it('starts, answers /healthz and sign-up, says where it is, and stops on SIGTERM', async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      SMTP_GATEWAY_PORT: String(await freePort()),
      DATA_DIR: tempDir(),
    };
    if (testDatabaseKind() === 'postgres') {
      database = await createTestDatabase();
      if (!database.url) throw new Error('the postgres test database has no URL');
      env.DATABASE_URL = database.url;
    }
    const serve = await startServe(cleanEnv(env), port);
    try {
      const signUp = await fetch(`${serve.url}/v1/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'serve@example.org', password: 'a long enough password' }),
      });
      expect(signUp.status).toBe(201);
      expect(serve.stderr()).toContain(`http://localhost:${port}`);
      expect(serve.stderr()).toContain(testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 240_000);
});
