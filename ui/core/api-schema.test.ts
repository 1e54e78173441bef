import { execFileSync } from 'node:child_process';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers/app';

// ui/core/api-schema.ts is generated from the app's own /openapi.json (openapi-typescript), so the
// clients' API types are the server's. This test fails when a route changed and the committed file
// did not follow; `npx vitest run ui/core/api-schema.test.ts -u` writes it anew.

const root = path.resolve(import.meta.dirname, '../..');
const banner = `// Generated from the app's /openapi.json by openapi-typescript (ui/core/api-schema.test.ts): do not
// edit. After a route change: npx vitest run ui/core/api-schema.test.ts -u

`;

it('the committed API types are those of the app’s OpenAPI document', async () => {
  const t = await createTestApp();
  try {
    const doc = await (await t.request('/openapi.json')).json();
    const source = banner + astToString(await openapiTS(doc));
    // The file is checked by Biome like every other: write it in Biome's format.
    const formatted = execFileSync(
      path.join(root, 'node_modules/.bin/biome'),
      ['format', '--stdin-file-path=ui/core/api-schema.ts'],
      { input: source, cwd: root, encoding: 'utf8' },
    );
    await expect(formatted).toMatchFileSnapshot('./api-schema.ts');
  } finally {
    await t.close();
  }
}, 60_000);
