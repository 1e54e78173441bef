import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';

// GET /open: the page where recipients decrypt the sealed ZIP in their own browser (issue 9). The
// files come from dist/open/ (built by ui/open/build.ts). The Content-Security-Policy, the promise the
// page makes in words (no connection of any kind), comes with the other security headers from
// api/http/security-headers.ts.

const ASSETS: Record<string, string> = {
  'open.js': 'text/javascript; charset=utf-8',
  'open.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'sw.js': 'text/javascript; charset=utf-8',
};

const defaultDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/open');

export interface OpenRoutesOptions {
  /** Where ui/open/build.ts wrote the page; default `dist/open` of this checkout. */
  distDir?: string;
}

function commonHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    // Revalidate every time (cheap with the ETag), so a new release is never hidden by a stale copy.
    'Cache-Control': 'no-cache',
  };
}

/** Mount at the root: `app.route('/', openRoutes())`. */
export function openRoutes(options: OpenRoutesOptions = {}): Hono {
  const distDir = options.distDir ?? defaultDistDir;
  const app = new Hono();
  app.use('/open', etag());
  app.use('/open/*', etag());

  const send = async (file: string, contentType: string, extra: Record<string, string> = {}) => {
    let body: Buffer;
    try {
      body = await readFile(path.join(distDir, file));
    } catch {
      return new Response('The /open page is not built yet: run `npm run build`.\n', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    return new Response(new Uint8Array(body), { headers: { ...commonHeaders(contentType), ...extra } });
  };

  app.get('/open', () => send('index.html', 'text/html; charset=utf-8'));
  // Relative Locations and links throughout (RFC 9110 §10.2.2): right under a path prefix too.
  app.get('/open/', (c) => c.redirect('../open', 308));
  app.get('/open/sw.js', () =>
    send('sw.js', 'text/javascript; charset=utf-8', {
      // The worker lives under /open/ but controls the page at /open itself (w3c ServiceWorker §
      // "Service-Worker-Allowed"; the value is read relative to the worker's URL, so it also holds
      // under a path prefix).
      'Service-Worker-Allowed': '../open',
    }),
  );
  app.get('/open/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    return type ? send(file, type) : c.notFound();
  });
  return app;
}
