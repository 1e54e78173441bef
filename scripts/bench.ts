import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `npm run bench`: runs each benchmark in bench/ that exists, in order, and prints its figures.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benches = ['bench/seal.ts', 'bench/api.ts'];
for (const b of benches) {
  const file = path.join(root, b);
  if (!existsSync(file)) continue;
  console.log(`\n== ${b}`);
  const mod = (await import(pathToFileURL(file).href)) as { main(): Promise<void> };
  await mod.main();
}
