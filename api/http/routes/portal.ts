import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../env';
import { staticFiles } from './static-files';

// The web portal (issue 8): GET / answers the page shell and /portal/* its script, stylesheet and
// icon, all built by ui/portal/build.ts into dist/portal/. Its Content-Security-Policy and the other
// security headers come from api/http/security-headers.ts.

/** The portal's files under /portal/ (static-files.ts gives each its type); the rest is 404. */
const ASSETS = ['app.js', 'styles.css', 'icon.svg'];

const defaultDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/portal');

export interface PortalRoutesOptions {
  /** Where ui/portal/build.ts wrote the portal; default `dist/portal` of this checkout. */
  distDir?: string;
}

/** Mount at the root: `app.route('/', portalRoutes())`. */
export function portalRoutes(options: PortalRoutesOptions = {}) {
  const files = staticFiles({
    distDir: options.distDir ?? defaultDistDir,
    notBuilt: () =>
      new Response(
        'The web portal is not built on this server: run `npm run build` (npm start does it), then reload.\n',
        {
          status: 503,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
        },
      ),
  });
  const app = new Hono<AppEnv>();
  app.use('/', etag());
  app.use('/portal/*', etag());

  app.get('/', files.file('index.html'));
  app.get('/portal/*', files.under('/portal/', ASSETS));
  return app;
}
