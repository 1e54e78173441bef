import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { bundleCss } from '../core/css';
import { isTextKey, t } from './i18n';

// Builds the /open page into dist/open/: the HTML (German written in, so nothing flashes), one script
// bundle (zip.js, postal-mime, DOMPurify and the page), the stylesheet, the icon and the service
// worker, which gets the list of files and a hash of their contents so each release has its own cache.

export interface BuildContext {
  root: string;
  outDir: string;
}

/** The URL of each file the page needs; the service worker caches exactly these. */
export const PAGE_ASSETS = ['/open', '/open/open.js', '/open/open.css', '/open/icon.svg'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderTemplate(template: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!isTextKey(key)) throw new Error(`ui/open/index.html names an unknown text: ${whole}`);
    return escapeHtml(t('de', key));
  });
}

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
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
    ['open.js', await bundle(path.join(src, 'main.ts'))],
    ['open.css', await bundleCss(path.join(src, 'open.css'))],
    ['icon.svg', await readFile(path.join(src, 'icon.svg'), 'utf8')],
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
