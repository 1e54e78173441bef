import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXpiBytes } from './build';
import { configureXpi, readXpi, type XpiFiles } from './xpi';

const root = path.resolve(import.meta.dirname, '..');
const text = (files: XpiFiles, name: string) => Buffer.from(files.get(name) ?? '').toString('utf8');

let dir: string;
let shipped: Uint8Array;
let testBuild: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-xpi-'));
  shipped = await buildXpiBytes({ root, outDir: dir });
  testBuild = await buildXpiBytes({ root, outDir: dir, testHook: true });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the .xpi build', () => {
  it('packs bundled scripts, pages, locales and icons, and no TypeScript or node_modules', async () => {
    const names = [...(await readXpi(shipped)).keys()];
    expect(names[0]).toBe('manifest.json');
    expect(names).toEqual(
      expect.arrayContaining([
        'background.js',
        'popup.html',
        'popup.js',
        'options.html',
        'options.js',
        'result.html',
        'result.js',
        'config.json',
        '_locales/de/messages.json',
        '_locales/en/messages.json',
        'icons/icon.svg',
      ]),
    );
    expect(names.filter((n) => /\.ts$|node_modules|\.test\./.test(n))).toEqual([]);
  });

  it('names every __MSG_ string of the manifest in both languages', async () => {
    const files = await readXpi(shipped);
    const used = [...text(files, 'manifest.json').matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const lang of ['de', 'en']) {
      const messages = JSON.parse(text(files, `_locales/${lang}/messages.json`)) as Record<string, unknown>;
      expect(Object.keys(messages)).toEqual(expect.arrayContaining(used));
    }
  });

  it('keeps the test hook and compose.send out of the shipped package', async () => {
    const files = await readXpi(shipped);
    expect(text(files, 'background.js')).not.toContain('test-hook.json');
    expect(JSON.parse(text(files, 'manifest.json')).permissions).toEqual(['compose', 'storage']);
    const test = await readXpi(testBuild);
    expect(text(test, 'background.js')).toContain('test-hook.json');
    expect(JSON.parse(text(test, 'manifest.json')).permissions).toContain('compose.send');
  });

  it('makes the same bytes from the same sources', async () => {
    expect(Buffer.from(await buildXpiBytes({ root, outDir: dir })).equals(Buffer.from(shipped))).toBe(true);
  });

  it('points a package at a service and adds extra files', async () => {
    const configured = await readXpi(
      await configureXpi(shipped, 'https://v.example:8443', { 'extra.json': Buffer.from('{}') }),
    );
    expect(JSON.parse(text(configured, 'manifest.json')).host_permissions).toEqual(['https://v.example/*']);
    expect(JSON.parse(text(configured, 'config.json'))).toEqual({ serviceUrl: 'https://v.example:8443' });
    expect(text(configured, 'extra.json')).toBe('{}');
    expect(configured.get('popup.js')).toEqual((await readXpi(shipped)).get('popup.js'));
  });
});
