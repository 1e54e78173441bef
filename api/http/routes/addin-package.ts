import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';

// The unified manifest's app package: a plain (unencrypted) ZIP of manifest.json, its localization
// file and the two package icons, as the Microsoft 365 admin center and Outlook's "Add from file" take it.

export async function zipFiles(files: { name: string; data: Uint8Array }[]): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  for (const f of files) await writer.add(f.name, new Uint8ArrayReader(f.data));
  return writer.close();
}
