import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cspHashSource } from '../../ui/open/csp-hash';
import { SIZER_SCRIPT } from '../../ui/open/html-body-sizer';
import { docsRoutes } from './routes/docs';
import { openRoutes } from './routes/open';
import { portalRoutes } from './routes/portal';
import { securityHeaders } from './security-headers';

// The security headers come from one middleware (hono/secure-headers) for the whole app; each part
// of the site keeps the policy it needs. Routes answer here from where the app mounts them.

function app(publicUrl: string) {
  const a = new Hono();
  a.use(securityHeaders({ publicUrl }));
  a.route('/', openRoutes({ distDir: '/nonexistent' }));
  a.route('/', portalRoutes({ distDir: '/nonexistent' }));
  a.route('/', docsRoutes());
  a.get('/v1/thing', (c) => c.json({ ok: true }));
  a.get('/addin/pane.html', (c) => c.html('<p>pane</p>'));
  a.get('/fails', () => {
    throw new Error('boom');
  });
  a.onError((_err, c) => c.json({ title: 'error' }, 500));
  return a;
}

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('security headers', () => {
  const plain = app('http://localhost:8787');

  it('gives the JSON API a policy that lets nothing run or frame it, and nosniff', async () => {
    const res = await plain.request('/v1/thing');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sets them on error answers too', async () => {
    const res = await plain.request('/fails');
    expect(res.status).toBe(500);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps /open strict: connections to its own origin only, no form posts, frames from here only', async () => {
    const csp = directives((await plain.request('/open')).headers.get('content-security-policy'));
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-src')).toBe("'self'");
    // The one inline script: the HTML body frame's sizer, by the hash of its text as it is now.
    expect(csp.get('script-src')).toBe(`'self' ${cspHashSource(SIZER_SCRIPT)}`);
    const worker = directives((await plain.request('/open/sw.js')).headers.get('content-security-policy'));
    expect(worker.get('default-src')).toBe("'none'");
    expect(worker.get('connect-src')).toBe("'self'");
  });

  it('lets only /open frame the PDF preview, which fetches nothing, and lets its opaque origin load its files', async () => {
    for (const file of ['/open/pdf-preview.html', '/open/pdf-preview.js', '/open/pdf-preview.css']) {
      const res = await plain.request(file);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), file).toBe("'none'");
      expect(csp.get('script-src'), file).toBe("'self'");
      expect(csp.get('frame-ancestors'), file).toBe("'self'");
      expect(res.headers.get('x-frame-options'), file).toBe('SAMEORIGIN');
      expect(res.headers.get('cross-origin-resource-policy'), file).toBe('cross-origin');
    }
    expect((await plain.request('/open')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('lets Outlook on the web frame the pane and load office.js, and nothing else', async () => {
    const res = await plain.request('/addin/pane.html');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toBe("'self' https://appsforoffice.microsoft.com");
    expect(csp.get('frame-ancestors')).toContain('https://outlook.office.com');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
  });

  it('lets Swagger UI at /docs style itself and fetch the spec from here only', async () => {
    const res = await plain.request('/docs');
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
  });

  it('keeps the portal free of inline script and foreign hosts', async () => {
    const csp = (await plain.request('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('sends HSTS only when PUBLIC_URL is https', async () => {
    expect((await plain.request('/v1/thing')).headers.get('strict-transport-security')).toBeNull();
    const tls = app('https://vertraulich.example.org');
    for (const path of ['/v1/thing', '/open', '/addin/pane.html', '/']) {
      expect((await tls.request(path)).headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    }
  });
});
