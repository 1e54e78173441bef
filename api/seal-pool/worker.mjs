// The entry of a sealing worker thread (api/seal-pool/index.ts). Plain JavaScript, so that Node can
// start it whatever loads the rest: compiled JavaScript beside it (seal-task.js) when there is a
// build; from the sources (vitest, tsx), the checkout's own build when it is current
// (scripts/build-server.mjs: none of its inputs changed since), otherwise the TypeScript source
// through tsx, which a worker thread must register itself (the main thread's loader is not the
// worker's). The build first because tsx compiling the sealing code costs ~1.3 s of CPU in every
// worker that starts, the built worker ~0.2 s.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

async function load() {
  const built = new URL('./seal-task.js', import.meta.url);
  if (existsSync(built)) return import(built.href);
  const { currentServerEntry } = await import('../../scripts/build-server.mjs');
  const entry = await currentServerEntry();
  if (entry) {
    const worker = await import(pathToFileURL(path.join(path.dirname(entry), 'worker.mjs')).href);
    return { sealTask: worker.default };
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('./seal-task.ts', import.meta.url).href);
}

const { sealTask } = await load();
export default sealTask;
