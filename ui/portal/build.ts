import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { bundleCss } from '../core/css';

// Builds the portal into dist/portal/: one minified ES module (no CDN, no inline script, so the CSP can
// say script-src 'self'), the page shell, the stylesheet and the icon. api/http/routes/portal.ts serves them.
// Each file is written beside its place and renamed over it, so a running service or a second build
// at the same moment (tests run in parallel) never sees half a file.

export interface BuildContext {
  root: string;
  outDir: string;
}

const staticFiles = ['index.html', 'icon.svg'];

async function writeAtomically(file: string, contents: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

export async function build({ root, outDir }: BuildContext): Promise<void> {
  const source = path.join(root, 'ui', 'portal');
  const target = path.join(outDir, 'portal');
  await mkdir(target, { recursive: true });
  const result = await esbuild({
    entryPoints: [path.join(source, 'src', 'main.ts')],
    outfile: path.join(target, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2021', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  await Promise.all([
    ...result.outputFiles.map((out) => writeAtomically(out.path, out.contents)),
    writeAtomically(path.join(target, 'styles.css'), await bundleCss(path.join(source, 'styles.css'))),
    ...staticFiles.map(async (file) =>
      writeAtomically(path.join(target, file), await readFile(path.join(source, file))),
    ),
  ]);
}
