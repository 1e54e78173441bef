import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ManifestUtil } from '@microsoft/app-manifest';
import { BlobReader, ZipReader } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../addin/build';
import { addin } from '../addin/manifest/source';
import { UNIFIED_MANIFEST_VERSION } from '../addin/manifest/unified';
import { addinRoutes } from '../api/http/routes/addin';

// The unified manifest (manifest.json) against Microsoft's JSON schema, offline: the schema files
// ship inside @microsoft/app-manifest, and ManifestUtil.validateManifestAgainstSchema checks a
// manifest against a schema object we load from there (its validateManifest would fetch it online).

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const schemaDir = path.join(
  repo,
  `node_modules/@microsoft/app-manifest/build/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}`,
);
const publicUrl = 'https://vertraulich.example.org';

type Json = Record<string, unknown>;
let dir: string;
let manifest: Json;
let localization: Json;
let xml: string;

// Microsoft's own loader rewrites "\a" in the schema's regexes before parsing (an invalid escape in
// their schema, OfficeDev/microsoft-teams-app-schema#190); do the same for the local copy. The
// localization schema has a second such slip, an unescaped "]" after "\b" in a few key patterns
// (activities, not ours), which a unicode-mode RegExp refuses: escape it the same way.
async function schema(file: string): Promise<Json> {
  const text = await readFile(path.join(schemaDir, file), 'utf8');
  return JSON.parse(text.replace(/\\a/g, '\\x07').replace(/\\\\b\]/g, '\\\\b\\\\]')) as Json;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'addin-unified-'));
  await build({ root: repo, outDir: dir });
  const app = addinRoutes({ publicUrl: `${publicUrl}/`, distDir: path.join(dir, 'addin') });
  const res = await app.request('/addin/manifest.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  manifest = (await res.json()) as Json;
  localization = (await (await app.request('/addin/en-us.json')).json()) as Json;
  xml = await (await app.request('/addin/manifest.xml')).text();
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const urlsIn = (text: string) => [
  ...text.matchAll(/https:\/\/vertraulich\.example\.org\/addin\/([\w./-]+)/g),
];

describe('manifest.json (unified app manifest)', () => {
  it(`validates against Microsoft's ${UNIFIED_MANIFEST_VERSION} schema, offline`, async () => {
    expect(manifest.manifestVersion).toBe(UNIFIED_MANIFEST_VERSION);
    expect(
      await ManifestUtil.validateManifestAgainstSchema(
        manifest as never,
        (await schema('MicrosoftTeams.schema.json')) as never,
      ),
    ).toEqual([]);
  });

  it('fails that check when a required field is missing (the check is real)', async () => {
    const { accentColor: _, ...broken } = manifest;
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      broken as never,
      (await schema('MicrosoftTeams.schema.json')) as never,
    );
    expect(errors.join('\n')).toContain('accentColor');
  });

  it('has English strings in en-us.json that validate against the localization schema', async () => {
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      localization as never,
      (await schema('MicrosoftTeams.Localization.schema.json')) as never,
    );
    expect(errors).toEqual([]);
    expect(localization['name.short']).toBe(addin.name.en);
    expect(localization['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label']).toBe(
      addin.button.en,
    );
  });

  it('carries PUBLIC_URL: the compose button, the task pane, the soft-blocking send guard, the requirement sets', () => {
    const text = JSON.stringify(manifest);
    expect(text).toContain(`"page":"${publicUrl}/addin/pane.html"`);
    expect(text).toContain(`"script":"${publicUrl}/addin/on-send.js"`);
    expect(text).toContain('"contexts":["mailCompose"]');
    expect(text).toContain(
      `"events":[{"type":"messageSending","actionId":"${addin.sendHandler}","options":{"sendMode":"softBlock"}}]`,
    );
    expect(text).toContain(`{"name":"Mailbox","minVersion":"${addin.mailbox.sendGuard}"}`);
    expect(text).toContain(`{"name":"Mailbox","minVersion":"${addin.mailbox.pane}"}`);
    expect(manifest.validDomains).toEqual(['vertraulich.example.org']);
  });

  it('shares id, names and pages with manifest.xml (one source)', () => {
    expect(manifest.id).toBe(addin.id);
    expect(xml).toContain(`<Id>${addin.id}</Id>`);
    expect(xml).toContain(`<DisplayName DefaultValue="${addin.name.de}">`);
    expect(xml).toContain(`<bt:Override Locale="en-US" Value="${addin.button.en}"/>`);
    expect((manifest.name as Json).short).toBe(addin.name.de);
    const xmlFiles = new Set(urlsIn(xml).map((m) => m[1]));
    const jsonFiles = new Set(urlsIn(JSON.stringify(manifest)).map((m) => m[1]));
    // The unified manifest names the ribbon icons, the pane and the runtime as the XML one does.
    for (const f of jsonFiles) expect(xmlFiles, f).toContain(f);
    expect(jsonFiles).toContain(addin.pages.pane);
  });

  it('names only pages and icons that the build produces', () => {
    for (const m of [...urlsIn(xml), ...urlsIn(JSON.stringify(manifest))]) {
      expect(existsSync(path.join(dir, 'addin', m[1] ?? '')), m[1]).toBe(true);
    }
  });

  it('is served as an app package with its icons, as "Add from file" takes it', async () => {
    const app = addinRoutes({ publicUrl, distDir: path.join(dir, 'addin') });
    const res = await app.request('/addin/vertraulich-outlook.zip');
    expect(res.status).toBe(200);
    const zipFile = path.join(dir, 'package.zip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const reader = new ZipReader(new BlobReader(new Blob([bytes])));
    const names = (await reader.getEntries()).map((e) => e.filename).sort();
    await reader.close();
    expect(names).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    await import('node:fs/promises').then((fs) => fs.writeFile(zipFile, bytes));
    const listed = await run('bsdtar', ['-tf', zipFile]);
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(names);
    const { stdout } = await run('bsdtar', ['-xOf', zipFile, 'color.png']);
    expect(stdout.length).toBeGreaterThan(100);
  });
});
