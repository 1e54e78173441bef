import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { staticFiles } from './static-files';

// GET /open: the page where recipients decrypt the sealed ZIP in their own browser (issue 9). The
// files come from dist/open/ (built by ui/open/build.ts). The Content-Security-Policy, the promise the
// page makes in words (no connection of any kind), comes with the other security headers from
// api/http/security-headers.ts.

/** The page's files under /open/ (static-files.ts gives each its type); the rest of dist/open is 404. */
const ASSETS = [
  'open.js',
  'open.css',
  'icon.svg',
  // The PDF preview that the page frames (ui/open/pdf-preview.ts).
  'pdf-preview.html',
  'pdf-preview.js',
  'pdf-preview.css',
];

const defaultDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/open');

export interface OpenRoutesOptions {
  /** Where ui/open/build.ts wrote the page; default `dist/open` of this checkout. */
  distDir?: string;
}

/** Mount at the root: `app.route('/', openRoutes())`. */
export function openRoutes(options: OpenRoutesOptions = {}): Hono {
  const files = staticFiles({
    distDir: options.distDir ?? defaultDistDir,
    notBuilt: () =>
      new Response('The /open page is not built yet: run `npm run build`.\n', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      }),
  });
  const app = new Hono();
  app.use('/open', etag());
  app.use('/open/*', etag());

  app.get('/open', files.file('index.html'));
  // Relative Locations and links throughout (RFC 9110 §10.2.2): right under a path prefix too.
  app.get('/open/', (c) => c.redirect('../open', 308));
  app.get(
    '/open/sw.js',
    // The worker lives under /open/ but controls the page at /open itself (w3c ServiceWorker §
    // "Service-Worker-Allowed"; the value is read relative to the worker's URL, so it also holds
    // under a path prefix).
    files.file('sw.js', { 'Service-Worker-Allowed': '../open' }),
  );
  app.get('/open/*', files.under('/open/', ASSETS));
  return app;
}
