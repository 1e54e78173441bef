import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { bundleCss } from '../ui/core/css';
import { type Manifest, manifestFor, XPI_NAME } from './package-config';
import { jsonBytes, writeXpi, type XpiFiles } from './xpi';

// Builds the Thunderbird extension into dist/vertraulich-thunderbird.xpi: the TypeScript pages and
// background script bundled by esbuild (ui/core included), plus manifest, locales, icons and HTML.
// No TypeScript sources and no node_modules go into the package.
// `testHook: true` makes the test build (dist/vertraulich-thunderbird-test.xpi) whose background
// script also carries src/test-hook.ts; the shipped package never contains that code.

export interface ThunderbirdBuildOptions {
  root: string;
  outDir: string;
  testHook?: boolean;
}

/** The address the package points at until the service writes its own PUBLIC_URL in (CONTRACT default). */
export const DEFAULT_SERVICE_URL = 'http://localhost:8787';

const pages = ['popup', 'options', 'result'];

async function staticFiles(dir: string, prefix: string, files: XpiFiles): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) await staticFiles(full, `${name}/`, files);
    else files.set(name, await readFile(full));
  }
}

export async function buildXpiBytes(options: ThunderbirdBuildOptions): Promise<Uint8Array> {
  const ext = path.join(options.root, 'thunderbird-ext');
  const src = path.join(ext, 'src');
  const entryPoints: Record<string, string> = {
    background: path.join(src, options.testHook ? 'background-test.ts' : 'background.ts'),
  };
  for (const page of pages) entryPoints[page] = path.join(src, `${page}.ts`);
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    format: 'iife',
    target: 'firefox128',
    platform: 'browser',
    outdir: 'out',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files: XpiFiles = new Map();
  for (const out of result.outputFiles) files.set(path.basename(out.path), out.contents);
  for (const page of pages) {
    files.set(`${page}.html`, await readFile(path.join(src, `${page}.html`)));
  }
  files.set('popup.css', new TextEncoder().encode(await bundleCss(path.join(src, 'popup.css'))));
  await staticFiles(path.join(ext, '_locales'), '_locales/', files);
  await staticFiles(path.join(ext, 'icons'), 'icons/', files);
  const template = JSON.parse(await readFile(path.join(ext, 'manifest.json'), 'utf8')) as Manifest;
  // The hook presses Send the way the user would, which takes compose.send; the shipped one never does.
  if (options.testHook) template.permissions = [...(template.permissions ?? []), 'compose.send'];
  files.set('manifest.json', jsonBytes(manifestFor(template, DEFAULT_SERVICE_URL)));
  files.set('config.json', jsonBytes({ serviceUrl: DEFAULT_SERVICE_URL }));
  return writeXpi(files);
}

export function xpiPath(outDir: string, testHook = false): string {
  return path.join(outDir, testHook ? XPI_NAME.replace('.xpi', '-test.xpi') : XPI_NAME);
}

/** scripts/build.ts calls this; returns where the package was written. */
export async function build(options: ThunderbirdBuildOptions): Promise<string> {
  const file = xpiPath(options.outDir, options.testHook);
  await writeFile(file, await buildXpiBytes(options));
  return file;
}
