import { t } from '../../ui/core/i18n';
import { originPattern } from '../package-config';
import { getMessenger } from './messenger';
import { applyTexts, byId } from './page';
import { attachmentsText, draftPhonesText, recipientsText, sendBlocker, signInRequest } from './popup-model';
import type { Outcome, PopupState, Request } from './protocol';

// The compose_action popup: a view over the background script, which does the work (protocol.ts).

const messenger = getMessenger();
let tabId = -1;
let state: PopupState | undefined;
/** Whether the service's host permission is held, learnt on each refresh (request() needs a click). */
let hostPermitted = false;

async function ask<T>(request: Request): Promise<Outcome<T>> {
  try {
    return (await messenger.runtime.sendMessage(request)) as Outcome<T>;
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Shows `text`; `offerResend` adds the button that mails the confirmation link again (issue 13). */
function say(text: string, offerResend = false): void {
  byId('message').textContent = text;
  byId('resend').hidden = !offerResend;
}

function busy(text: string): void {
  byId('busy').textContent = text;
  for (const button of document.querySelectorAll('button')) button.disabled = text !== '';
}

async function refresh(): Promise<void> {
  const answer = await ask<PopupState>({ type: 'state', tabId });
  if (!answer.ok) return say(answer.error);
  const s = answer.value;
  state = s;
  hostPermitted = await messenger.permissions
    .contains({ origins: [originPattern(s.serviceUrl)] })
    .catch(() => false);
  applyTexts(document, s.lang);
  byId('signin').hidden = s.signedInAs !== undefined;
  byId('compose').hidden = s.signedInAs === undefined;
  if (!s.signedInAs) return;
  byId('signed-in').textContent = t(s.lang, 'signedInAs', { email: s.signedInAs.email ?? '' });
  byId<HTMLInputElement>('confidential').checked = s.choices.confidential;
  byId<HTMLInputElement>('phones').value = s.choices.phoneField;
  byId<HTMLSelectElement>('zip').value = s.choices.zip;
  byId('zip-warning').hidden = s.choices.zip !== 'zipcrypto';
  byId('recipients').textContent = recipientsText(s, s.lang);
  byId('attachments').textContent = attachmentsText(s, s.lang);
  const fromDraft = draftPhonesText(s, s.lang);
  byId('phones-from-draft').hidden = fromDraft === undefined;
  byId('phones-from-draft').textContent = fromDraft ?? '';
}

async function choose(choices: Extract<Request, { type: 'choose' }>['choices']): Promise<void> {
  const answer = await ask({ type: 'choose', tabId, choices });
  if (!answer.ok) say(answer.error);
  await refresh();
}

/**
 * Manifest V3 host permissions can be revoked in about:addons; ask again (a no-op while granted).
 * Must run inside the click, before any await, to count as a user action.
 */
function ensureHostPermission(): Promise<boolean> {
  if (!state || hostPermitted) return Promise.resolve(true);
  return messenger.permissions.request({ origins: [originPattern(state.serviceUrl)] }).catch(() => false);
}

byId('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const permitted = ensureHostPermission();
  const lang = state?.lang ?? 'en';
  const request = signInRequest({
    email: byId<HTMLInputElement>('email').value,
    password: byId<HTMLInputElement>('password').value,
    apiKey: byId<HTMLInputElement>('apikey').value,
  });
  if (!request) return say(t(lang, 'errLogin'));
  if (!(await permitted)) return say(messenger.i18n.getMessage('permissionDenied'));
  say('');
  busy(t(lang, 'signIn'));
  const answer = await ask(request);
  busy('');
  byId<HTMLInputElement>('password').value = '';
  if (!answer.ok) return say(answer.error);
  await refresh();
});

byId('signout').addEventListener('click', async () => {
  await ask({ type: 'signOut' });
  await refresh();
});

byId('confidential').addEventListener('change', () =>
  choose({ confidential: byId<HTMLInputElement>('confidential').checked }),
);
byId('phones').addEventListener('change', () =>
  choose({ phoneField: byId<HTMLInputElement>('phones').value }),
);
byId('zip').addEventListener('change', () =>
  choose({ zip: byId<HTMLSelectElement>('zip').value === 'zipcrypto' ? 'zipcrypto' : 'aes256' }),
);

byId('send').addEventListener('click', async () => {
  const permitted = ensureHostPermission();
  // The phone field's change event may not have fired yet when the button is clicked.
  await choose({ phoneField: byId<HTMLInputElement>('phones').value });
  if (!state) return;
  const blocker = sendBlocker(state);
  if (blocker) return say(t(state.lang, blocker));
  if (!(await permitted)) return say(messenger.i18n.getMessage('permissionDenied'));
  say('');
  busy(t(state.lang, 'sending'));
  const answer = await ask({ type: 'seal', tabId });
  busy('');
  // On success the background opens the result window and closes this compose tab (and popup).
  if (!answer.ok) say(answer.error, answer.kind === 'unverified');
});

byId('resend').addEventListener('click', async () => {
  busy('…');
  const answer = await ask<string>({ type: 'resendLink' });
  busy('');
  if (answer.ok) say(answer.value);
  else say(answer.error, true);
});

byId('options').addEventListener('click', (event) => {
  event.preventDefault();
  void messenger.runtime.openOptionsPage();
});

async function start(): Promise<void> {
  const [tab] = await messenger.tabs.query({ active: true, currentWindow: true });
  tabId = tab?.id ?? -1;
  await refresh();
}

start().catch((err: unknown) => say(err instanceof Error ? err.message : String(err)));
