import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireThunderbird } from './helpers/thunderbird';
import { ACCOUNT, startThunderbirdSetup, type ThunderbirdSetup } from './thunderbird-harness';

// The extension's German UI in real Thunderbird: Thunderbird started in German (Debian's
// thunderbird-l10n-de language pack, intl.locale.requested 'de'), the compose popup opened from a
// compose window. Its own texts follow i18n.getUILanguage() (ui/core's catalog) and its
// _locales/de messages follow Thunderbird's locale: both must read German, or the switch failed.

let setup: ThunderbirdSetup;

beforeAll(async () => {
  await requireThunderbird();
  setup = await startThunderbirdSetup({ locale: 'de' });
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

describe('the Thunderbird popup in German Thunderbird', () => {
  it('labels sign-in and sending in German', async () => {
    const { control } = setup;
    const tabId = await control.compose({ to: ['bob@example.org'], subject: 'Befund', body: 'Anbei.' });
    await control.openPopup(tabId);
    // Each read waits for the German text: the page starts with English placeholders in its HTML.
    const signIn = await control.ui('popup', [
      { read: '#signin h2', until: 'Anmelden' },
      { read: 'label[for=email]', until: 'E-Mail-Adresse' },
      { read: 'label[for=password]', until: 'Passwort' },
      { read: 'label[for=apikey]', until: 'API-Schlüssel (statt Passwort)' },
      { read: '#signin-button', until: 'Anmelden' },
      // From the extension's _locales/de (browser.i18n, Thunderbird's own locale).
      { read: '#options', until: 'Adresse des Dienstes' },
    ]);
    expect(signIn.map((s) => s.trim())).toEqual([
      'Anmelden',
      'E-Mail-Adresse',
      'Passwort',
      'API-Schlüssel (statt Passwort)',
      'Anmelden',
      'Adresse des Dienstes …',
    ]);
    const compose = await control.ui('popup', [
      { fill: '#email', value: ACCOUNT.email },
      { fill: '#password', value: ACCOUNT.password },
      { click: '#signin-button' },
      { read: 'label[for=confidential]', until: 'Auch beim normalen Senden versiegeln' },
      { read: '#send', until: 'Versiegeln und senden' },
      { read: '#signout', until: 'Abmelden' },
    ]);
    expect(compose.map((s) => s.trim())).toEqual([
      'Auch beim normalen Senden versiegeln',
      'Versiegeln und senden',
      'Abmelden',
    ]);
  });
});
