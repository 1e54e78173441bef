import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { buildXpiBytes, xpiPath } from '../../../thunderbird-ext/build';
import { XPI_NAME } from '../../../thunderbird-ext/package-config';
import { configureXpi } from '../../../thunderbird-ext/xpi';

// GET /downloads/vertraulich-thunderbird.xpi: the Thunderbird extension (issue 6), pointed at this
// service: its manifest's host permission and its default service address (config.json) are
// PUBLIC_URL, so after installing it the user only signs in. The package comes from dist/ (made by
// `npm run build`); a checkout that was never built gets it built in memory on first request.
// Made once per process: PUBLIC_URL does not change while the service runs.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface DownloadsRoutesOptions {
  publicUrl: string;
  /** Where thunderbird-ext/build.ts wrote the package; default `dist` of this checkout. */
  distDir?: string;
}

async function basePackage(distDir: string): Promise<Uint8Array> {
  try {
    return await readFile(xpiPath(distDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return buildXpiBytes({ root: repoRoot, outDir: distDir });
  }
}

export function downloadsRoutes(options: DownloadsRoutesOptions) {
  const distDir = options.distDir ?? path.join(repoRoot, 'dist');
  let made: Promise<Uint8Array> | undefined;
  const xpi = () => {
    made ??= basePackage(distDir).then((bytes) => configureXpi(bytes, options.publicUrl));
    // A failed build is tried again on the next request rather than remembered.
    made.catch(() => {
      made = undefined;
    });
    return made;
  };

  return new Hono().get(`/downloads/${XPI_NAME}`, async (c) => {
    const bytes = await xpi();
    return c.body(Buffer.from(bytes), 200, {
      // AMO's type: Thunderbird offers to install a package served with it (about:addons also takes the file).
      'content-type': 'application/x-xpinstall',
      'content-disposition': `attachment; filename="${XPI_NAME}"`,
      'cache-control': 'no-cache',
    });
  });
}
