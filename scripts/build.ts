import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildServer } from './build-server.mjs';

// Builds the server and CLI (dist/server, scripts/build-server.mjs) and the browser parts (add-in pane,
// portal, /open page, Thunderbird .xpi) into dist/.
// Each part owns a build module that exports `build({ root, outDir })`; this script runs those present.
// `npm start` and `npm test` run it first, so a fresh checkout never serves stale bundles.

export interface BuildContext {
  root: string;
  outDir: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const parts = ['addin/build.ts', 'ui/portal/build.ts', 'ui/open/build.ts', 'thunderbird-ext/build.ts'];

const outDir = path.join(root, 'dist');
await mkdir(outDir, { recursive: true });
await buildServer();
for (const part of parts) {
  const file = path.join(root, part);
  if (!existsSync(file)) continue;
  const started = performance.now();
  const mod = (await import(pathToFileURL(file).href)) as { build(ctx: BuildContext): Promise<void> };
  await mod.build({ root, outDir });
  console.log(`built ${part} in ${Math.round(performance.now() - started)} ms`);
}
