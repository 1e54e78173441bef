#!/usr/bin/env node
// Runs the compiled CLI (dist/server/<generation>/cli.mjs, scripts/build-server.mjs): no TypeScript
// loader at run time. A checkout without a build, or with sources newer than the build, is built
// first (a few hundred milliseconds), so `npx vertraulich` always runs what the sources say.
import { pathToFileURL } from 'node:url';
import { buildServer, currentServerEntry } from '../scripts/build-server.mjs';

let entry = await currentServerEntry();
if (!entry) {
  const dir = await buildServer({ quiet: true });
  entry = `${dir}/cli.mjs`;
}
await import(pathToFileURL(entry).href);
