import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../thunderbird-ext/build';
import { GECKO_ID } from '../../thunderbird-ext/package-config';
import { configureXpi } from '../../thunderbird-ext/xpi';
import { type RunningThunderbird, startThunderbird, type ThunderbirdOptions } from './thunderbird';
import { startThunderbirdControl, type ThunderbirdControl } from './thunderbird-control';

// Real Thunderbird that a test can drive like a user: it carries the vertraulich extension's test
// build, whose hook opens compose windows, presses Send and presses the popup's buttons on command.
//
//   const tb = await startDrivenThunderbird({ smtp: { host: '127.0.0.1', port, user, password } });
//   const tabId = await tb.control.compose({ to: ['bob@example.org'], subject: 'Hi', body: '…' });
//   await tb.control.send(tabId);        // Thunderbird sends through the SMTP server given
//   await tb.close();
//
// A draft nobody marked confidential goes out through Thunderbird's own SMTP path unchanged.

export interface DrivenThunderbird {
  thunderbird: RunningThunderbird;
  control: ThunderbirdControl;
  close(): Promise<void>;
}

export async function startDrivenThunderbird(
  options: Omit<ThunderbirdOptions, 'extensions'> & {
    /** Where the extension finds the vertraulich service (default: nowhere reachable). */
    serviceUrl?: string;
  },
): Promise<DrivenThunderbird> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-driven-'));
  const control = await startThunderbirdControl();
  let thunderbird: RunningThunderbird | undefined;
  const close = async () => {
    await control.close();
    await thunderbird?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const root = path.resolve(import.meta.dirname, '../..');
    const built = await build({ root, outDir: dir, testHook: true });
    const serviceUrl = options.serviceUrl ?? 'http://127.0.0.1:9';
    const xpi = await configureXpi(await readFile(built), serviceUrl, control.hookFiles());
    thunderbird = await startThunderbird({ ...options, extensions: [{ id: GECKO_ID, xpi }] });
    const running = thunderbird;
    await control.ready(120_000).catch((err: Error) => {
      throw new Error(`${err.message}\nThunderbird said:\n${running.output()}`);
    });
    return { thunderbird: running, control, close };
  } catch (err) {
    await close();
    throw err;
  }
}
