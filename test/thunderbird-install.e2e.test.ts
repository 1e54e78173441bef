import { afterAll, beforeAll, expect, it } from 'vitest';
import { downloadsRoutes } from '../api/http/routes/downloads';
import { GECKO_ID } from '../thunderbird-ext/package-config';
import { type RunningThunderbird, startThunderbird } from './helpers/thunderbird';

// The package exactly as the service hands it out installs and runs in real Thunderbird with
// manifest warnings treated as errors, holding the permissions it declares and no more. Asked of
// Thunderbird's AddonManager over Marionette.

const PUBLIC_URL = 'https://vertraulich.example:8443';
let thunderbird: RunningThunderbird | undefined;

beforeAll(async () => {
  const res = await downloadsRoutes({ publicUrl: PUBLIC_URL }).request(
    '/downloads/vertraulich-thunderbird.xpi',
  );
  expect(res.status).toBe(200);
  const xpi = new Uint8Array(await res.arrayBuffer());
  thunderbird = await startThunderbird({
    smtp: { host: '127.0.0.1', port: 9 },
    extensions: [{ id: GECKO_ID, xpi }],
    marionette: true,
  });
}, 180_000);

afterAll(async () => {
  await thunderbird?.stop();
});

interface AddonState {
  active: boolean;
  type: string;
  permissions: string[];
  origins: string[];
}

it('installs the downloaded .xpi and runs it with only its declared permissions', async () => {
  const marionette = thunderbird?.marionette;
  if (!marionette) throw new Error('Marionette did not start');
  let state: AddonState | null = null;
  const deadline = Date.now() + 60_000;
  while (!state?.active && Date.now() < deadline) {
    // Manifest V3 host permissions are granted at install but kept with the optional ones, so the
    // origins the extension holds are read from ExtensionPermissions (what permissions.getAll() shows).
    state = (await marionette.chrome(
      `const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
       const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
       return AddonManager.getAddonByID(arguments[0]).then(async (a) => a && {
         active: a.isActive, type: a.type, permissions: a.userPermissions.permissions,
         origins: (await ExtensionPermissions.get(arguments[0])).origins });`,
      [GECKO_ID],
    )) as AddonState | null;
    if (!state?.active) await new Promise((r) => setTimeout(r, 500));
  }
  expect(state).toEqual({
    active: true,
    type: 'extension',
    permissions: ['compose', 'storage'],
    origins: ['https://vertraulich.example/*'],
  });
});
