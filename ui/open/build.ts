import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { bundleCss } from '../core/css';
import { cspHashSource } from './csp-hash';
import { SIZER_SCRIPT } from './html-body-sizer';
import { isTextKey, t } from './i18n';

// Builds the /open page into dist/open/: the HTML (German written in, so nothing flashes), one script
// bundle (zip.js, postal-mime, DOMPurify and the page), the stylesheet, the icon, the PDF preview
// page that the page frames (its own HTML, stylesheet and a classic script with pdf.js and pdf.js's
// worker code in it) and the service worker, which gets the list of files and a hash of their
// contents so each release has its own cache.

export interface BuildContext {
  root: string;
  outDir: string;
}

/**
 * The URL of each file the page needs; the service worker caches exactly these. Not the PDF
 * preview's: its sandboxed frame has an opaque origin, which no service worker serves, so caching
 * them would only cost every first visit 1.8 MB.
 */
export const PAGE_ASSETS = ['/open', '/open/open.js', '/open/open.css', '/open/icon.svg'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderTemplate(template: string, name = 'index.html'): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!isTextKey(key)) throw new Error(`ui/open/${name} names an unknown text: ${whole}`);
    return escapeHtml(t('de', key));
  });
}

async function bundle(
  entry: string,
  define: Record<string, string> = {},
  format: 'esm' | 'iife' = 'esm',
): Promise<string> {
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    define,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

export async function build({ root, outDir }: BuildContext): Promise<void> {
  const src = path.join(root, 'ui', 'open');
  const target = path.join(outDir, 'open');
  const files = new Map<string, string>([
    ['index.html', renderTemplate(await readFile(path.join(src, 'index.html'), 'utf8'))],
    [
      'open.js',
      await bundle(path.join(src, 'main.ts'), {
        __SIZER_HASH__: JSON.stringify(cspHashSource(SIZER_SCRIPT)),
      }),
    ],
    ['open.css', await bundleCss(path.join(src, 'open.css'))],
    ['icon.svg', await readFile(path.join(src, 'icon.svg'), 'utf8')],
    [
      'pdf-preview.html',
      renderTemplate(await readFile(path.join(src, 'pdf-preview.html'), 'utf8'), 'pdf-preview.html'),
    ],
    // A classic script: the frame's opaque origin could load a module script only with CORS headers.
    ['pdf-preview.js', await bundle(path.join(src, 'pdf-preview.ts'), {}, 'iife')],
    ['pdf-preview.css', await bundleCss(path.join(src, 'pdf-preview.css'))],
  ]);
  const hash = createHash('sha256');
  for (const [name, content] of files) hash.update(name).update('\0').update(content).update('\0');
  const version = hash.digest('hex').slice(0, 16);
  files.set(
    'sw.js',
    await bundle(path.join(src, 'sw.ts'), {
      __OPEN_ASSETS__: JSON.stringify(PAGE_ASSETS),
      __OPEN_VERSION__: JSON.stringify(version),
    }),
  );
  // File by file through a rename: a server (or a parallel test) reading dist/open/ while it is being
  // rebuilt sees the old file or the new one, never a missing or half-written one.
  await mkdir(target, { recursive: true });
  for (const [name, content] of files) {
    const temp = path.join(target, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
    await writeFile(temp, content);
    await rename(temp, path.join(target, name));
  }
}
