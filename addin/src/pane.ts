// The compose task pane: sign in once, optionally add a phone and pick the ZIP method, press
// "Versiegeln und senden". The tick "Auch beim normalen Senden versiegeln" marks the draft for the
// on-send guard (addin/src/on-send.ts). The draft is read through the Office adapter into a plain
// ClientDraft; everything after that (the send flow, errors in plain words, spelling) is ui/core,
// shared with the Thunderbird extension and the portal.

import { createApiClient, errorText, serviceBaseFromPage } from '../../ui/core/api-client';
import { mailRecipientsOf, parsePhoneField, smsPhonesOf } from '../../ui/core/draft';
import { type Lang, pickLanguage, t } from '../../ui/core/i18n';
import { sendDraft } from '../../ui/core/send-draft';
import {
  discardDraft,
  hasConfidentialMark,
  loadSignIn,
  OfficeError,
  readAttachmentNames,
  readDraft,
  readRecipients,
  type StoredSignIn,
  saveSignIn,
  setConfidentialMark,
} from './office-adapter';
import type { ComposeItem, OfficeContext, OfficeGlobal } from './office-types';
import {
  $,
  applyStrings,
  copyText,
  hideMessage,
  renderResult,
  setBusy,
  showMessage,
  showSection,
  toggleSpelling,
} from './pane-view';

const officeGlobal = () => (globalThis as { Office?: OfficeGlobal }).Office;

/** Office.js from the CDN (pane.html), else the bundled copy under office-js/ (offline networks). */
async function loadOffice(): Promise<OfficeGlobal> {
  const loaded = officeGlobal();
  if (loaded) return loaded;
  // office.js takes the folder of the first <script src=…office.js> as the base of the files it
  // loads next, so the failed CDN tag must go first.
  for (const tag of document.querySelectorAll('script[src*="appsforoffice.microsoft.com"]')) tag.remove();
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'office-js/office.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('office.js could not be loaded'));
    document.head.append(script);
  });
  const office = officeGlobal();
  if (!office) throw new Error('office.js did not define Office');
  return office;
}

// The API lives where the service serves the pane from (PUBLIC_URL, which may carry a path prefix).
const apiBase = serviceBaseFromPage(location.href, '..');

function startPane(context: OfficeContext, item: ComposeItem, lang: Lang): void {
  let signIn: StoredSignIn | undefined = loadSignIn(context);
  // One key per message to send, kept across retries so a retry after a lost answer sends nothing twice.
  let idempotencyKey: string | undefined;
  const keys = {
    get: () => idempotencyKey,
    set: (key: string | undefined) => {
      idempotencyKey = key;
    },
  };
  const api = createApiClient({ baseUrl: apiBase, credential: () => signIn?.credential });
  const confidential = $<HTMLInputElement>('confidential');

  const showCompose = () => {
    $('signed-in-as').textContent = t(lang, 'signedInAs', { email: signIn?.email ?? '' });
    showSection('compose');
    setBusy(undefined);
  };

  const refreshDraftPhones = async () => {
    const recipients = await readRecipients(item).catch(() => ({ to: [], cc: [], bcc: [] }));
    const names = await readAttachmentNames(item).catch(() => []);
    $('summary-recipients').textContent = mailRecipientsOf(recipients).join(', ') || '–';
    $('summary-attachments').textContent = names.join(', ') || t(lang, 'noAttachments');
    const phones = smsPhonesOf(recipients);
    $('draft-phones').textContent = t(lang, 'phonesFromDraft', { phones: phones.join(', ') });
    $('draft-phones').hidden = phones.length === 0;
  };

  $('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    hideMessage();
    const email = $<HTMLInputElement>('signin-email').value.trim();
    const apiKey = $<HTMLInputElement>('signin-apikey').value.trim();
    try {
      if (apiKey) {
        const account = await createApiClient({
          baseUrl: apiBase,
          credential: () => apiKey,
        }).account();
        signIn = { email: account.email, credential: apiKey, kind: 'apiKey' };
      } else {
        const session = await api.login(email, $<HTMLInputElement>('signin-password').value);
        signIn = { email, credential: session.token, kind: 'session', expiresAt: session.expiresAt };
      }
      $<HTMLInputElement>('signin-password').value = '';
      $<HTMLInputElement>('signin-apikey').value = '';
      await saveSignIn(context, signIn);
      showCompose();
    } catch (err) {
      showMessage(errorText(err, lang, 'login'));
    }
  });

  $('signout').addEventListener('click', async () => {
    if (signIn?.kind === 'session') await api.logout().catch(() => undefined);
    signIn = undefined;
    await saveSignIn(context, undefined).catch(() => undefined);
    showSection('signin');
  });

  confidential.addEventListener('change', async () => {
    setBusy(undefined);
    await setConfidentialMark(item, confidential.checked).catch(() => undefined);
    await refreshDraftPhones();
  });

  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="zip"]')) {
    radio.addEventListener('change', () => {
      $('zip-warning').hidden = !$<HTMLInputElement>('zip-crypto').checked;
    });
  }

  $('compose').addEventListener('submit', async (e) => {
    e.preventDefault();
    hideMessage();
    // The button seals and sends whether or not the tick is set: the tick is for Outlook's Send.
    setBusy(t(lang, 'reading'));
    try {
      let draft: Awaited<ReturnType<typeof readDraft>>;
      try {
        draft = await readDraft(item);
      } catch (err) {
        if (err instanceof OfficeError)
          return showMessage(`${t(lang, 'errReadDraft')} ${t(lang, 'nothingSent')}`);
        throw err;
      }
      setBusy(t(lang, 'sending'));
      const zip = $<HTMLInputElement>('zip-crypto').checked ? 'zipcrypto' : 'aes256';
      const phones = parsePhoneField($<HTMLInputElement>('phone').value);
      const outcome = await sendDraft({ api, keys, draft, choices: { phones, zip, language: lang } });
      if (outcome.ok) {
        const { id } = outcome.result;
        return renderResult(lang, outcome.result, {
          load: () => api.getMessage(id),
          resendSms: (smsId) => api.resendSms(id, smsId),
          errorText: (err) => errorText(err, lang),
        });
      }
      if (outcome.kind === 'unauthorized') {
        signIn = undefined;
        await saveSignIn(context, undefined).catch(() => undefined);
        showSection('signin');
      }
      showMessage(outcome.text, 'error', outcome.kind === 'unverified');
    } finally {
      if (!$('compose').hidden) setBusy(undefined);
    }
  });

  $('resend').addEventListener('click', async () => {
    try {
      await api.resendVerification();
      showMessage(t(lang, 'linkResent'), 'info');
    } catch (err) {
      showMessage(errorText(err, lang), 'error', true);
    }
  });

  $('copy').addEventListener('click', () => copyText($('password').textContent ?? '', lang));
  $('spell').addEventListener('click', () => toggleSpelling(lang));
  $('discard').addEventListener('click', async () => {
    const closed = await discardDraft(context).catch(() => false);
    showMessage(t(lang, closed ? 'draftClosed' : 'discardDraft'), 'info');
  });

  if (signIn) showCompose();
  else showSection('signin');
  hasConfidentialMark(item)
    .then((on) => {
      confidential.checked = on;
      setBusy(undefined);
    })
    .catch(() => undefined);
  void refreshDraftPhones();
  // Keep the summary current while the user edits the draft beside the pane.
  for (const type of ['olkRecipientsChanged', 'olkAttachmentsChanged']) {
    item.addHandlerAsync?.(type, () => void refreshDraftPhones());
  }
}

async function main(): Promise<void> {
  let lang = pickLanguage(navigator.language);
  try {
    const office = await loadOffice();
    await office.onReady();
    lang = pickLanguage(office.context?.displayLanguage || navigator.language);
    applyStrings(lang);
    const item = office.context.mailbox?.item;
    if (!item) throw new Error('no compose item');
    startPane(office.context, item, lang);
  } catch {
    applyStrings(lang);
    showSection('none');
    showMessage(t(lang, 'outsideOutlook'));
  }
}

void main();
