// The entry of a sealing worker thread (api/seal-pool/index.ts). Plain JavaScript, so that Node can
// start it whatever loads the rest: compiled JavaScript beside it (seal-task.js) when there is a
// build, otherwise the TypeScript source through tsx, which a worker thread must register itself
// (under vitest and `npm start` the main thread's loader is not the worker's).
import { existsSync } from 'node:fs';

async function load() {
  const built = new URL('./seal-task.js', import.meta.url);
  if (existsSync(built)) return import(built.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('./seal-task.ts', import.meta.url).href);
}

const { sealTask } = await load();
export default sealTask;
