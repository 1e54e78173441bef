import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';

// Builds the portal into dist/portal/: one minified ES module (no CDN, no inline script, so the CSP can
// say script-src 'self'), the page shell, the stylesheet and the icon. api/http/routes/portal.ts serves them.

export interface BuildContext {
  root: string;
  outDir: string;
}

const staticFiles = ['index.html', 'styles.css', 'icon.svg'];

export async function build({ root, outDir }: BuildContext): Promise<void> {
  const source = path.join(root, 'ui', 'portal');
  const target = path.join(outDir, 'portal');
  await mkdir(target, { recursive: true });
  await esbuild({
    entryPoints: [path.join(source, 'src', 'main.ts')],
    outfile: path.join(target, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2021', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await Promise.all(staticFiles.map((file) => copyFile(path.join(source, file), path.join(target, file))));
}
