import { originPattern } from '../package-config';
import { uiLanguageOf } from './language';
import { getMessenger } from './messenger';
import { applyTexts, byId } from './page';
import { builtInServiceUrl, isSafeServiceUrl, serviceUrl, setServiceUrl } from './settings';

// The options page: where the service lives. The .xpi downloaded from a service already points at
// it (config.json); this page is for a self-hosted service reached under another address.

const messenger = getMessenger();
const input = byId<HTMLInputElement>('service-url');

function say(text: string, alert = false): void {
  byId('busy').textContent = alert ? '' : text;
  byId('message').textContent = alert ? text : '';
}

byId('options-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  let url: URL;
  try {
    url = new URL(input.value.trim());
    if (!isSafeServiceUrl(url)) throw new Error('https only');
  } catch {
    return say(messenger.i18n.getMessage('badServiceUrl'), true);
  }
  // Asking for the host permission must happen inside the click (a user action), before any await.
  const granted = await messenger.permissions.request({ origins: [originPattern(url.href)] });
  if (!granted) return say(messenger.i18n.getMessage('permissionDenied'), true);
  await setServiceUrl(url.origin + url.pathname.replace(/\/+$/, ''));
  say(messenger.i18n.getMessage('saved'));
});

byId('reset').addEventListener('click', async () => {
  await setServiceUrl(undefined);
  input.value = await builtInServiceUrl();
  say(messenger.i18n.getMessage('saved'));
});

async function start(): Promise<void> {
  applyTexts(document, uiLanguageOf(messenger));
  input.value = await serviceUrl();
}

void start();
