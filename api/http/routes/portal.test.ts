import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../../ui/portal/build';
import { securityHeaders } from '../security-headers';
import { type PortalRoutesOptions, portalRoutes } from './portal';

// The portal's files as the service answers them: built by ui/portal/build.ts, under a strict CSP.

const root = path.resolve(import.meta.dirname, '../../..');
// With the headers the whole app sets (api/http/app.ts).
const portalRoutesWithHeaders = (options: PortalRoutesOptions) =>
  new Hono().use(securityHeaders({ publicUrl: 'http://localhost' })).route('/', portalRoutes(options));
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'portal-build-'));
  await build({ root, outDir });
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('portal routes', () => {
  it('answers / with the page shell under a CSP without inline script or foreign hosts', async () => {
    const app = portalRoutesWithHeaders({ distDir: path.join(outDir, 'portal') });
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="portal/app.js"></script>');
    // Every <script> has a src: nothing inline for the CSP to allow.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
  });

  it('serves the bundle and the stylesheet with their types', async () => {
    const app = portalRoutesWithHeaders({ distDir: path.join(outDir, 'portal') });
    const js = await app.request('/portal/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await js.text()).length).toBeGreaterThan(1000);
    const css = await app.request('/portal/styles.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/portal/build.ts', '/portal/..%2Fpackage.json', '/portal/index.html.bak'])(
    'has nothing at %s',
    async (url) => {
      const app = portalRoutesWithHeaders({ distDir: path.join(outDir, 'portal') });
      expect((await app.request(url)).status).toBe(404);
    },
  );

  it('says plainly when the portal was not built', async () => {
    const app = portalRoutesWithHeaders({ distDir: path.join(outDir, 'missing') });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
