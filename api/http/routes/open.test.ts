import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../ui/open/build';
import { cspHashSource } from '../../../ui/open/csp-hash';
import { SIZER_SCRIPT } from '../../../ui/open/html-body-sizer';
import { securityHeaders } from '../security-headers';
import { openRoutes } from './open';

// The /open route: the page and its files, each with the policy that allows no connection but to its own origin.

let out: string;
let app: Hono;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'vertraulich-open-'));
  await build({ root, outDir: out });
  // With the headers the whole app sets (api/http/app.ts).
  app = new Hono()
    .use(securityHeaders({ publicUrl: 'http://localhost' }))
    .route('/', openRoutes({ distDir: path.join(out, 'open') }));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('GET /open', () => {
  it('serves the German page with a policy that allows connections to its own origin only and no form post', async () => {
    const res = await app.request('/open');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('Die Datei verlässt nie dieses Gerät');
    expect(html).not.toMatch(/\{\{\w+\}\}/);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('script-src')).toBe(`'self' ${cspHashSource(SIZER_SCRIPT)}`);
    // The HTML body frame's own policy, in the bundle, names the same hash (ui/open/html-body.ts).
    expect(await (await app.request('/open/open.js')).text()).toContain(cspHashSource(SIZER_SCRIPT));
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('has no inline script: every <script> loads a file of its own', async () => {
    const html = await (await app.request('/open')).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="open\/open\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it.each([
    ['/open/open.js', 'text/javascript; charset=utf-8'],
    ['/open/open.css', 'text/css; charset=utf-8'],
    ['/open/icon.svg', 'image/svg+xml'],
  ])('serves %s as %s under the same policy', async (url, type) => {
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(directives(res.headers.get('content-security-policy')).get('connect-src')).toBe("'self'");
  });

  it.each([
    ['/open/pdf-preview.html', 'text/html; charset=utf-8'],
    ['/open/pdf-preview.js', 'text/javascript; charset=utf-8'],
    ['/open/pdf-preview.css', 'text/css; charset=utf-8'],
  ])('serves the PDF preview file %s as %s', async (url, type) => {
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('serves the service worker with the right to control /open itself', async () => {
    const res = await app.request('/open/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('service-worker-allowed')).toBe('../open');
    const body = await res.text();
    for (const asset of ['/open', '/open/open.js', '/open/open.css']) expect(body).toContain(`"${asset}"`);
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const first = await app.request('/open/open.js');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await app.request('/open/open.js', { headers: { 'If-None-Match': tag ?? '' } });
    expect(again.status).toBe(304);
  });

  it.each(['/open/index.html', '/open/..%2Fpackage.json', '/open/.open.js.tmp', '/open/nothing.js'])(
    'answers 404 for %s',
    async (url) => {
      expect((await app.request(url)).status).toBe(404);
    },
  );

  it('redirects /open/ to /open', async () => {
    const res = await app.request('/open/');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('../open');
  });

  it('says plainly when the page has not been built', async () => {
    const bare = openRoutes({ distDir: path.join(out, 'missing') });
    const res = await bare.request('/open');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
