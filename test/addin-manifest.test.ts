import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addinRoutes } from '../api/http/routes/addin';

// The manifest against Microsoft's offline schema (test/fixtures/office-xsd).
// That schema predates LaunchEvent and Runtimes, so those two sections are taken out first, as
// test/fixtures/office-xsd/README.md says; the rest must be valid as it is.

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const xsd = path.resolve(repo, 'test/fixtures/office-xsd/OfficeAppManifestV1_1.xsd');
const publicUrl = 'https://vertraulich.example.org';
let dir: string;
let served: string;

async function xmllint(args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const r = await run('xmllint', args);
    return { ok: true, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install libxml2-utils');
    return { ok: false, output: e.stderr ?? String(err) };
  }
}

const strip = (xml: string) =>
  xml
    .replace(/<Runtimes>[\s\S]*?<\/Runtimes>/g, '')
    .replace(/<ExtensionPoint xsi:type="LaunchEvent">[\s\S]*?<\/ExtensionPoint>/g, '');

beforeAll(async () => {
  if (!existsSync(xsd)) throw new Error(`the Office schemas are missing: expected ${xsd}`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'addin-manifest-'));
  const res = await addinRoutes({ publicUrl: `${publicUrl}/`, distDir: dir }).request('/addin/manifest.xml');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  served = await res.text();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('manifest.xml', () => {
  it('is served with PUBLIC_URL and the shared source in place of every token', () => {
    expect(served).not.toMatch(/\{\{|\}\}|__PUBLIC_URL__/);
    expect(served).toContain(`<SourceLocation DefaultValue="${publicUrl}/addin/pane.html"/>`);
    expect(served).toContain(`<AppDomain>${publicUrl}</AppDomain>`);
  });

  it('passes the offline schema check without its LaunchEvent and Runtimes sections', async () => {
    const file = path.join(dir, 'stripped.xml');
    await writeFile(file, strip(served));
    const r = await xmllint(['--noout', '--schema', xsd, file]);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('fails that check when an element is out of order (the check is real)', async () => {
    const version = '<Version>1.0.0.0</Version>';
    const provider = '<ProviderName>vertraulich</ProviderName>';
    const reordered = strip(served).replace(version, '').replace(provider, `${provider}${version}`);
    const file = path.join(dir, 'reordered.xml');
    await writeFile(file, reordered);
    expect((await xmllint(['--noout', '--schema', xsd, file])).ok).toBe(false);
  });

  it('is well-formed as a whole, with the Smart Alerts guard and the classic-Outlook runtime', async () => {
    const file = path.join(dir, 'full.xml');
    await writeFile(file, served);
    expect((await xmllint(['--noout', file])).ok).toBe(true);
    expect(served).toMatch(
      /<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"\/>/,
    );
    expect(served).toMatch(/<Override type="javascript" resid="RuntimeJs.Url"\/>/);
    expect(served).toContain(`${publicUrl}/addin/on-send.js`);
    expect(served).toContain('<Set Name="Mailbox" MinVersion="1.8"/>');
    expect(served).toContain('<Permissions>ReadWriteItem</Permissions>');
  });
});
