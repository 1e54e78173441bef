import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../env';

// The web portal (issue 8): GET / answers the page shell and /portal/* its script, stylesheet and
// icon, all built by ui/portal/build.ts into dist/portal/. Its Content-Security-Policy and the other
// security headers come from api/http/security-headers.ts.

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

const defaultDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/portal');

export interface PortalRoutesOptions {
  /** Where ui/portal/build.ts wrote the portal; default `dist/portal` of this checkout. */
  distDir?: string;
}

function headers(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    // Revalidate every time (cheap with the ETag), so a new release is never hidden by a stale copy.
    'Cache-Control': 'no-cache',
  };
}

/** Mount at the root: `app.route('/', portalRoutes())`. */
export function portalRoutes(options: PortalRoutesOptions = {}) {
  const distDir = options.distDir ?? defaultDistDir;
  const app = new Hono<AppEnv>();
  app.use('/', etag());
  app.use('/portal/*', etag());

  const serve = async (file: string, contentType: string) => {
    try {
      return new Response(await readFile(path.join(distDir, file)), { headers: headers(contentType) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return new Response(
        'The web portal is not built on this server: run `npm run build` (npm start does it), then reload.\n',
        { status: 503, headers: headers('text/plain; charset=utf-8') },
      );
    }
  };

  app.get('/', () => serve('index.html', 'text/html; charset=utf-8'));
  app.get('/portal/:file', (c) => {
    const file = c.req.param('file');
    const contentType = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!contentType) return c.notFound();
    return serve(file, contentType);
  });
  return app;
}
