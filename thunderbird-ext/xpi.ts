import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { configFor, type Manifest, manifestFor } from './package-config';

// Reading and writing the .xpi (a plain ZIP, manifest.json at the root) and pointing one at a
// service. zip.js runs in-process here: no web workers in Node.

configure({ useWebWorkers: false });

/** Fixed entry dates, so the same sources always make the same bytes. */
const EPOCH = new Date(Date.UTC(2025, 0, 1));

export type XpiFiles = Map<string, Uint8Array>;

export async function writeXpi(files: XpiFiles): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter());
  // manifest.json first, the rest sorted: a stable order reads well in review tools and diffs.
  const names = [...files.keys()].sort((a, b) =>
    a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b),
  );
  for (const name of names) {
    const bytes = files.get(name);
    if (!bytes) continue;
    await writer.add(name, new Uint8ArrayReader(bytes), {
      lastModDate: EPOCH,
      extendedTimestamp: false,
      level: 9,
    });
  }
  return writer.close();
}

export async function readXpi(xpi: Uint8Array): Promise<XpiFiles> {
  const reader = new ZipReader(new Uint8ArrayReader(xpi));
  const files: XpiFiles = new Map();
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    files.set(entry.filename, await entry.getData(new Uint8ArrayWriter()));
  }
  await reader.close();
  return files;
}

const encoder = new TextEncoder();

export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The same extension, pointed at `serviceUrl`: its host permission in manifest.json and its default
 * address in config.json. `extra` files are added as they are (the test build's hook settings).
 */
export async function configureXpi(
  xpi: Uint8Array,
  serviceUrl: string,
  extra: Record<string, Uint8Array> = {},
): Promise<Uint8Array> {
  const files = await readXpi(xpi);
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) throw new Error('not an extension package: manifest.json is missing');
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  files.set('manifest.json', jsonBytes(manifestFor(manifest, serviceUrl)));
  files.set('config.json', jsonBytes(configFor(serviceUrl)));
  for (const [name, bytes] of Object.entries(extra)) files.set(name, bytes);
  return writeXpi(files);
}
