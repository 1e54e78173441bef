import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';

// The one way the service answers the files its builds wrote (issue 12): the portal (/ and
// /portal/*), the /open page (/open, /open/*) and the Outlook pane (/addin/*). serveStatic from
// @hono/node-server reads them: it streams the file, answers HEAD and byte ranges, and refuses any
// path with `..`, a backslash or a percent-encoded character (so `/open/..%2fpackage.json` is a 404).
// This adds what the three share: the content types below, revalidation on every use (a new release
// must never hide behind a stale copy; the routes' ETag keeps it cheap), a list of the files a route
// publishes where its build holds more, and the route's own answer while the build is missing.
// Security headers and each part's CSP come after, by path, from api/http/security-headers.ts.

/** What the pages have always been served as; any other extension keeps serveStatic's type. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticFilesOptions {
  /** The build's folder, e.g. `dist/open`. */
  distDir: string;
  /** The answer while the build is missing: a 503 that says to run `npm run build`. */
  notBuilt: (c: Context) => Response;
}

export interface StaticFiles {
  /** One file of the build at a fixed URL: `app.get('/open', files.file('index.html'))`. */
  file(name: string, headers?: Record<string, string>): MiddlewareHandler;
  /**
   * The build's files under `prefix` (`'/open/'`): only `names` when given (the rest is 404),
   * otherwise every file, in subfolders too.
   */
  under(prefix: string, names?: readonly string[]): MiddlewareHandler;
}

/** `res` is what serveStatic returned: the file's answer, or nothing when it passed on to next(). */
function finish(res: unknown, file: string, headers: Record<string, string>): void {
  if (!(res instanceof Response) || res.status >= 300) return;
  const type = TYPES[path.extname(file).toLowerCase()];
  if (type) res.headers.set('Content-Type', type);
  res.headers.set('Cache-Control', 'no-cache');
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
}

export function staticFiles(options: StaticFilesOptions): StaticFiles {
  const { distDir, notBuilt } = options;
  return {
    file(name, headers = {}) {
      const file = path.join(distDir, name);
      const serve = serveStatic({ path: file });
      return async (c, next) => {
        if (!existsSync(file)) return notBuilt(c);
        const res = await serve(c, next);
        finish(res, file, headers);
        return res;
      };
    },
    under(prefix, names) {
      // Made once the build is there: serveStatic complains about a missing root when it is made.
      let serve: MiddlewareHandler | undefined;
      return async (c, next) => {
        const name = c.req.path.slice(prefix.length);
        if (!c.req.path.startsWith(prefix) || (names && !names.includes(name))) return next();
        if (!existsSync(names ? path.join(distDir, name) : distDir)) return notBuilt(c);
        serve ??= serveStatic({ root: distDir, rewriteRequestPath: (p) => p.slice(prefix.length - 1) });
        const res = await serve(c, next);
        finish(res, name, {});
        return res;
      };
    },
  };
}
