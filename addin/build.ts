import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { bundleCss } from '../ui/core/css';

// Builds the Outlook add-in into dist/addin/ (scripts/build.ts calls this for `npm start`/`npm test`):
//   pane.html, pane.css, pane.js        the compose task pane
//   runtime.html, on-send.js             the Smart Alerts OnMessageSend runtime (manifest Runtimes)
//   assets/icon-*.png                    ribbon and store icons
//   office-js/…                          the Outlook files of @microsoft/office-js, the pane's
//                                        fallback where Microsoft's CDN cannot be reached
// manifest.xml is not copied: the service fills in PUBLIC_URL when it serves it.

export interface BuildContext {
  root: string;
  outDir: string;
}

/** The office.js files Outlook needs: the loader, Outlook's host scripts, two locales, telemetry. */
function isOfficeJsFile(rel: string): boolean {
  if (rel.endsWith('.debug.js') || !rel.endsWith('.js')) return false;
  const [first, second] = rel.split('/');
  if (second) return ['de-de', 'en-us', 'telemetry'].includes(first ?? '');
  return /^(office|o15apptofilemappingtable|outlook-.*)\.js$/.test(first ?? '');
}

async function copyOfficeJs(root: string, target: string): Promise<void> {
  const source = path.join(root, 'node_modules/@microsoft/office-js/dist');
  const entries = await readdir(source, { recursive: true });
  for (const rel of entries.map((e) => e.split(path.sep).join('/')).filter(isOfficeJsFile)) {
    await mkdir(path.dirname(path.join(target, rel)), { recursive: true });
    await cp(path.join(source, rel), path.join(target, rel));
  }
}

export async function build({ root, outDir }: BuildContext): Promise<void> {
  const out = path.join(outDir, 'addin');
  const src = path.join(root, 'addin');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await esbuild({
    entryPoints: {
      pane: path.join(src, 'src/pane.ts'),
      'on-send': path.join(src, 'src/on-send-entry.ts'),
    },
    outdir: out,
    bundle: true,
    format: 'iife',
    // Classic Outlook runs on-send.js in its JavaScript-only runtime, which is not a current browser.
    target: ['es2017'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['pane.html', 'runtime.html']) {
    await cp(path.join(src, 'static', file), path.join(out, file));
  }
  await writeFile(path.join(out, 'pane.css'), await bundleCss(path.join(src, 'static', 'pane.css')));
  await mkdir(path.join(out, 'assets'), { recursive: true });
  for (const file of await readdir(path.join(src, 'assets'))) {
    if (file.endsWith('.png')) await cp(path.join(src, 'assets', file), path.join(out, 'assets', file));
  }
  await copyOfficeJs(root, path.join(out, 'office-js'));
}
