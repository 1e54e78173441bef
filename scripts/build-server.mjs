// The production build of the server and the CLI (issue 15): esbuild turns api/ and db/ into plain
// JavaScript under dist/server/<generation>/, so `npm start` and `vertraulich …` run without tsx
// (0.7 s of TypeScript compiling at every start before). Plain JavaScript, so that bin/vertraulich.mjs
// can rebuild with it when the sources changed, without a TypeScript loader.
//
// - Most npm packages stay external (loaded from node_modules as before: PGlite's WebAssembly,
//   argon2's native module and piscina find their files as they expect); the pure-JavaScript ones
//   the sealing path loads at every start are bundled (BUNDLED below).
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
/**
 * npm packages bundled in (with all they import), pure JavaScript that the sealing path loads at
 * every start: read as a few large files, not hundreds of small modules to resolve and compile
 * (pdf-lib alone is ~300). The rest stays external (native modules, WebAssembly, worker files).
 */
const BUNDLED = new Set([
  '@cantoo/pdf-lib',
  '@cantoo/fontkit',
  '@zone-eu/mailsplit',
  'nodemailer',
  'mailparser',
  'html-to-text',
  'htmlparser2',
]);

/**
 * Parts of bundled packages that our code never reaches but that cost at every start: brotli
 * (fontkit's WOFF2 reader; we embed TrueType) decodes its dictionary on load (~190 ms), and
 * node-html-better-parser (pdf-lib's SVG and XFA; we draw neither) ~90 ms. Stubs that refuse.
 */
const STUBS = {
  'brotli/decompress.js':
    "export default function decompress() { throw new Error('WOFF2 fonts are not supported in this build'); }",
  'node-html-better-parser':
    'export const NodeType = { ELEMENT_NODE: 1, TEXT_NODE: 3, COMMENT_NODE: 8 };\n' +
    "export function parse() { throw new Error('SVG and XFA are not supported in this build'); }",
};

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Externals: bare imports from our code, except BUNDLED; a bundled package's imports come along. */
function externalsPlugin() {
  return {
    name: 'externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path in STUBS) return { path: args.path, namespace: 'stub' };
        if (args.path.startsWith('node:') || args.path.startsWith('vertraulich:')) return undefined;
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        if (BUNDLED.has(packageName(args.path))) return undefined;
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
        contents: STUBS[args.path],
        loader: 'js',
      }));
    },
  };
}

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
    // CommonJS packages bundled into ES modules still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __vtCreateRequire } from 'node:module'; const require = __vtCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalsPlugin(), sourceLocationPlugin(outDir)],
  });
  const inputs = Object.keys(result.metafile.inputs).filter(
    (input) => !/^(vertraulich|stub):/.test(input) && !input.includes('node_modules/'),
  );
  // The build's own recipe counts as a source: a changed build config builds anew.
  inputs.push(toPosix(path.relative(root, fileURLToPath(import.meta.url))));
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
