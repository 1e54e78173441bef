// The production build of the server and the CLI (issue 15): esbuild turns api/ and db/ into plain
// JavaScript under dist/server/<generation>/, so `npm start` and `vertraulich …` run without tsx
// (0.7 s of TypeScript compiling at every start before). Plain JavaScript, so that bin/vertraulich.mjs
// can rebuild with it when the sources changed, without a TypeScript loader.
//
// - npm packages stay external (loaded from node_modules as before: PGlite's WebAssembly, argon2's
//   native module and piscina find their files as they expect); only our own code is bundled.
// - Code splitting: each command (api/cli/<command>.ts) is its own chunk, so `vertraulich seal` loads
//   the sealing code only, not the server, the database or the mailers.
// - Each module keeps the location of its source: `import.meta.url` / `import.meta.dirname` point at
//   the .ts file, so dist/ (portal, /open), db/migrations and node_modules resolve as under tsx. The
//   one exception is the sealing pool (api/seal-pool/index.ts), whose `./worker.mjs` must be the
//   built worker beside the chunks, not the source entry that would load tsx.
// - Every build is a new generation directory; dist/server/current.json names the newest and lists
//   its inputs with their build time. A build never rewrites files a running process may still load,
//   so two CLI runs that rebuild at once (tests, a stale checkout) never see half-written code.

import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverDir = path.join(root, 'dist', 'server');
const pointerFile = path.join(serverDir, 'current.json');
/** Modules whose import.meta.url must stay the built chunk's (see above). */
const keepBuiltUrl = new Set(['api/seal-pool/index.ts']);
/** Generations kept besides the newest, for processes still running from them. */
const KEEP_GENERATIONS = 4;
const KEEP_YOUNGER_MS = 60 * 60 * 1000;

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/** Rewrites import.meta.url/dirname to the module's source location, relative to the output. */
function sourceLocationPlugin(outDir) {
  return {
    name: 'source-location',
    setup(build) {
      build.onResolve({ filter: /^vertraulich:seal-worker$/ }, () => ({
        path: 'seal-worker',
        namespace: 'vertraulich',
      }));
      build.onLoad({ filter: /.*/, namespace: 'vertraulich' }, () => ({
        // piscina calls the module's default export.
        contents: "export { sealTask as default } from './api/seal-pool/seal-task';",
        resolveDir: root,
        loader: 'ts',
      }));
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        const relSource = toPosix(path.relative(root, args.path));
        if (keepBuiltUrl.has(relSource) || !source.includes('import.meta.')) {
          return { contents: source, loader };
        }
        const rel = toPosix(path.relative(outDir, args.path));
        const relDir = toPosix(path.relative(outDir, path.dirname(args.path)));
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        const dir = `decodeURIComponent(new URL(${JSON.stringify(`${relDir}/`)}, import.meta.url).pathname).replace(/\\/$/, '')`;
        const contents = source
          .replaceAll('import.meta.url', `(${url})`)
          .replaceAll('import.meta.dirname', `(${dir})`);
        return { contents, loader };
      });
    },
  };
}

/** Builds a new generation and makes it the current one. Returns its directory. */
export async function buildServer({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const started = Date.now();
  const id = `${started.toString(36)}-${randomBytes(3).toString('hex')}`;
  const outDir = path.join(serverDir, id);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [
      { in: 'api/cli.ts', out: 'cli' },
      { in: 'vertraulich:seal-worker', out: 'worker' },
    ],
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocationPlugin(outDir)],
  });
  const inputs = Object.keys(result.metafile.inputs).filter(
    (input) => !input.startsWith('vertraulich:') && !input.includes('node_modules/'),
  );
  const pointer = { id, builtAt: started, inputs };
  const tmp = `${pointerFile}.${id}.tmp`;
  await writeFile(tmp, `${JSON.stringify(pointer)}\n`);
  await rename(tmp, pointerFile);
  await pruneGenerations(id);
  if (!quiet) console.log(`built dist/server/${id} (${inputs.length} modules) in ${Date.now() - started} ms`);
  return outDir;
}

async function pruneGenerations(currentId) {
  const entries = await readdir(serverDir, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory() && e.name !== currentId).map((e) => e.name);
  dirs.sort().reverse();
  for (const name of dirs.slice(KEEP_GENERATIONS)) {
    const dir = path.join(serverDir, name);
    const info = await stat(dir).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > KEEP_YOUNGER_MS) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The current generation's CLI entry, or undefined when there is none or a source it was built from
 * changed (or went away) since: then the caller builds anew.
 */
export async function currentServerEntry() {
  let pointer;
  try {
    pointer = JSON.parse(await readFile(pointerFile, 'utf8'));
  } catch {
    return undefined;
  }
  const entry = path.join(serverDir, pointer.id, 'cli.mjs');
  const checks = [entry, ...pointer.inputs.map((input) => path.join(root, input))].map((file) =>
    stat(file).then(
      (info) => file === entry || info.mtimeMs < pointer.builtAt,
      () => false,
    ),
  );
  const fresh = (await Promise.all(checks)).every(Boolean);
  return fresh ? entry : undefined;
}
