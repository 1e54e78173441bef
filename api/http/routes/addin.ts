import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { addin } from '../../../addin/manifest/source';
import { LOCALIZATION_FILE, unifiedLocalization, unifiedManifest } from '../../../addin/manifest/unified';
import { renderXmlManifest } from '../../../addin/manifest/xml';
import { zipFiles } from './addin-package';
import { staticFiles } from './static-files';

// GET /addin/*: the Outlook add-in (issue 5). The files come from dist/addin/ (built by
// addin/build.ts). Both manifests come from addin/manifest/source.ts with PUBLIC_URL filled in:
// /addin/manifest.xml (the repository's manifest.xml template: Outlook on Mac, mobile, classic
// Windows), /addin/manifest.json with /addin/en-us.json (the unified manifest: new Outlook, Outlook
// on the web) and /addin/vertraulich-outlook.zip, the app package of the two with its icons, which is
// what "Add from file" and the Microsoft 365 admin center take for the unified manifest.
//
// CORS: none. The pane is served from the API's own origin and calls /v1 there, so the browser
// never makes a cross-origin request; no Access-Control-* header is sent (and none is needed).
// CSP (office.js from Microsoft's CDN, framed by Outlook on the web): api/http/security-headers.ts.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export interface AddinRoutesOptions {
  publicUrl: string;
  /** Where addin/build.ts wrote the pane; default `dist/addin` of this checkout. */
  distDir?: string;
  /** The manifest template; default `manifest.xml` at the root of this checkout. */
  manifestFile?: string;
}

/** Mount at the root: `app.route('/', addinRoutes({ publicUrl }))`. */
export function addinRoutes(options: AddinRoutesOptions): Hono {
  const distDir = options.distDir ?? path.join(repoRoot, 'dist/addin');
  const manifestFile = options.manifestFile ?? path.join(repoRoot, 'manifest.xml');
  const app = new Hono();
  app.use('/addin/*', etag());
  app.use('/addin/*', async (c, next) => {
    await next();
    // A new release must reach Outlook's webview at once; the ETag keeps revalidation cheap.
    c.header('Cache-Control', 'no-cache');
  });

  let manifest: Promise<string> | undefined;
  app.get('/addin/manifest.xml', async (c) => {
    manifest ??= readFile(manifestFile, 'utf8').then((t) => renderXmlManifest(t, options.publicUrl));
    const body = await manifest.catch((err: unknown) => {
      manifest = undefined;
      throw err;
    });
    return c.body(body, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  app.get('/addin/manifest.json', (c) =>
    c.body(json(unifiedManifest(options.publicUrl)), 200, {
      'Content-Type': 'application/json; charset=utf-8',
    }),
  );
  app.get(`/addin/${LOCALIZATION_FILE}`, (c) =>
    c.body(json(unifiedLocalization()), 200, { 'Content-Type': 'application/json; charset=utf-8' }),
  );
  let appPackage: Promise<Uint8Array> | undefined;
  app.get('/addin/vertraulich-outlook.zip', async (c) => {
    appPackage ??= Promise.all([
      readFile(path.join(repoRoot, 'addin', addin.packageIcons.color)),
      readFile(path.join(repoRoot, 'addin', addin.packageIcons.outline)),
    ]).then(([color, outline]) =>
      zipFiles([
        { name: 'manifest.json', data: new TextEncoder().encode(json(unifiedManifest(options.publicUrl))) },
        { name: LOCALIZATION_FILE, data: new TextEncoder().encode(json(unifiedLocalization())) },
        { name: 'color.png', data: color },
        { name: 'outline.png', data: outline },
      ]),
    );
    const body = await appPackage.catch((err: unknown) => {
      appPackage = undefined;
      throw err;
    });
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': 'attachment; filename="vertraulich-outlook.zip"',
    });
  });
  app.get('/addin', (c) => c.redirect('addin/pane.html', 302));
  app.get('/addin/', (c) => c.redirect('pane.html', 302));

  const files = staticFiles({
    distDir,
    notBuilt: (c) =>
      c.text('The Outlook add-in is not built yet: run `npm run build`.\n', 503, {
        'Cache-Control': 'no-store',
      }),
  });
  app.get('/addin/*', files.under('/addin/'));
  return app;
}
