import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../security-headers';
import { addinRoutes } from './addin';
import { openRoutes } from './open';
import { portalRoutes } from './portal';

// The three built parts of the site answered the one way (static-files.ts, issue 12): the portal,
// /open and the Outlook pane, each file with its type and revalidated on every use, under the
// security headers the whole app sets; and nothing outside the build, however the path is spelt.

const SECRET = '{"name":"outside-the-build"}';

const FILES: Record<string, string> = {
  'portal/index.html': '<!doctype html><title>portal</title>',
  'portal/app.js': 'console.log("portal")',
  'portal/styles.css': 'body{margin:0}',
  'portal/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'open/index.html': '<!doctype html><title>open</title>',
  'open/open.js': 'console.log("open")',
  'open/open.css': 'main{margin:0}',
  'open/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'open/sw.js': 'self.addEventListener("fetch",()=>{})',
  'addin/pane.html': '<!doctype html><title>pane</title>',
  'addin/pane.js': 'console.log("pane")',
  'addin/pane.css': 'body{margin:0}',
  'addin/assets/icon-16.png': '\x89PNG\r\n',
};

let site: string;
let app: Hono;

beforeAll(async () => {
  site = await mkdtemp(path.join(tmpdir(), 'vertraulich-static-'));
  // What a path that climbed out of a build would find: the checkout's package.json, say.
  await writeFile(path.join(site, 'package.json'), SECRET);
  for (const [name, content] of Object.entries(FILES)) {
    const file = path.join(site, 'dist', name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, 'latin1');
  }
  const dist = (part: string) => path.join(site, 'dist', part);
  // With the headers the whole app sets (api/http/app.ts).
  app = new Hono()
    .use(securityHeaders({ publicUrl: 'http://localhost' }))
    .route('/', openRoutes({ distDir: dist('open') }))
    .route('/', portalRoutes({ distDir: dist('portal') }))
    .route('/', addinRoutes({ publicUrl: 'http://localhost', distDir: dist('addin') }));
});

afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

describe('the built files', () => {
  it.each([
    ['/', 'portal/index.html', 'text/html; charset=utf-8'],
    ['/portal/app.js', 'portal/app.js', 'text/javascript; charset=utf-8'],
    ['/portal/styles.css', 'portal/styles.css', 'text/css; charset=utf-8'],
    ['/portal/icon.svg', 'portal/icon.svg', 'image/svg+xml'],
    ['/open', 'open/index.html', 'text/html; charset=utf-8'],
    ['/open/open.js', 'open/open.js', 'text/javascript; charset=utf-8'],
    ['/open/open.css', 'open/open.css', 'text/css; charset=utf-8'],
    ['/open/icon.svg', 'open/icon.svg', 'image/svg+xml'],
    ['/open/sw.js', 'open/sw.js', 'text/javascript; charset=utf-8'],
    ['/addin/pane.html', 'addin/pane.html', 'text/html; charset=utf-8'],
    ['/addin/pane.js', 'addin/pane.js', 'text/javascript; charset=utf-8'],
    ['/addin/pane.css', 'addin/pane.css', 'text/css; charset=utf-8'],
    ['/addin/assets/icon-16.png', 'addin/assets/icon-16.png', 'image/png'],
  ])('answers %s with %s as %s, revalidated each time', async (url, file, type) => {
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe(FILES[file]);
  });

  it('lets the service worker control /open itself', async () => {
    const res = await app.request('/open/sw.js');
    expect(res.headers.get('service-worker-allowed')).toBe('../open');
  });

  it.each([
    '/open/..%2f..%2fpackage.json',
    '/open/..%2F..%2F..%2Fpackage.json',
    '/open/%2e%2e%2f%2e%2e%2fpackage.json',
    '/open/..%5c..%5cpackage.json',
    '/portal/..%2f..%2fpackage.json',
    '/addin/..%2f..%2fpackage.json',
    '/addin/%2e%2e/%2e%2e/package.json',
    '/addin/assets/..%2f..%2f..%2fpackage.json',
    '/addin/assets%2f..%2f..%2f..%2fpackage.json',
  ])('answers 404 to %s and shows nothing outside the build', async (url) => {
    const res = await app.request(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside-the-build');
  });

  it.each(['/open/index.html', '/portal/index.html', '/open/nothing.js', '/addin/nothing.js'])(
    'answers 404 to %s, a file the site does not publish there',
    async (url) => {
      expect((await app.request(url)).status).toBe(404);
    },
  );
});
