import { createApiClient, errorText } from '../../ui/core/api-client';
import { mailRecipientsOf, parsePhoneField, smsPhonesOf } from '../../ui/core/draft';
import { type Lang, t } from '../../ui/core/i18n';
import { sendDraft } from '../../ui/core/send-draft';
import { attachmentNames, readDraft } from './draft-reader';
import { uiLanguageOf } from './language';
import { getMessenger } from './messenger';
import type { Outcome, PopupState, Request, SealResult } from './protocol';
import {
  bearerOf,
  credential,
  forgetTab,
  serviceUrl,
  setCredential,
  setTabChoices,
  tabChoices,
} from './settings';

// What the background script does for each request. Sealing a compose tab is one function,
// sealTab, whether the popup's button, the onBeforeSend guard or the test hook asks for it.

export function uiLanguage(): Lang {
  return uiLanguageOf(getMessenger());
}

async function api() {
  const base = await serviceUrl();
  const bearer = bearerOf(await credential());
  return createApiClient({ baseUrl: base, credential: () => bearer });
}

/** Results wait here until the result window has read them once (the password is shown, then dropped). */
const pendingResults = new Map<string, SealResult>();

export async function sealTab(tabId: number): Promise<Outcome<SealResult>> {
  const lang = uiLanguage();
  const signedIn = await credential();
  if (!signedIn) return { ok: false, error: getMessenger().i18n.getMessage('signInFirst') };
  const choices = await tabChoices(tabId);
  const draft = await readDraft(tabId);
  // The key is kept with the tab's choices: the background may be unloaded before a retry.
  const keys = {
    get: () => choices.idempotencyKey,
    set: async (idempotencyKey: string | undefined) => {
      await setTabChoices(tabId, { idempotencyKey });
    },
  };
  const outcome = await sendDraft({
    api: await api(),
    keys,
    draft,
    choices: { phones: parsePhoneField(choices.phoneField), zip: choices.zip, language: lang },
  });
  if (!outcome.ok) return { ok: false, error: outcome.text, problems: outcome.problems, kind: outcome.kind };
  const result: SealResult = { ...outcome.result, subject: draft.subject };
  pendingResults.set(result.id, result);
  await getMessenger().windows.create({
    url: getMessenger().runtime.getURL(`result.html?id=${encodeURIComponent(result.id)}`),
    type: 'popup',
    width: 420,
    // The result with two mail and two SMS lines and the password spelled out measures ~534 px at
    // this width (test/thunderbird.e2e.test.ts); the outer height also holds the title bar. At 520
    // the content did not fit whenever the inner height came out at 520 (headless: 520-566).
    height: 620,
  });
  await forgetTab(tabId);
  await getMessenger().tabs.remove(tabId);
  return { ok: true, value: result };
}

/** After onBeforeSend stopped a send: tell the user in a window of its own why, and what to do. */
export async function showError(text: string): Promise<void> {
  await getMessenger().windows.create({
    url: getMessenger().runtime.getURL(`result.html?error=${encodeURIComponent(text)}`),
    type: 'popup',
    width: 420,
    height: 320,
  });
}

async function state(tabId: number): Promise<PopupState> {
  const c = await credential();
  const details = await getMessenger().compose.getComposeDetails(tabId);
  const asList = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const addresses = { to: asList(details.to), cc: asList(details.cc), bcc: asList(details.bcc) };
  return {
    lang: uiLanguage(),
    serviceUrl: await serviceUrl(),
    signedInAs: c ? { email: c.email, kind: c.kind } : undefined,
    choices: await tabChoices(tabId),
    recipients: [...mailRecipientsOf(addresses), ...smsPhonesOf(addresses).map((p) => `${p}@sms.local`)],
    attachments: await attachmentNames(tabId),
  };
}

export async function handle(request: Request): Promise<Outcome<unknown>> {
  const lang = uiLanguage();
  switch (request.type) {
    case 'state':
      return { ok: true, value: await state(request.tabId) };
    case 'signIn':
      try {
        const login = await (await api()).login(request.email, request.password);
        await setCredential({ kind: 'session', token: login.token, email: request.email });
        return { ok: true, value: null };
      } catch (err) {
        return { ok: false, error: errorText(err, lang, 'login') };
      }
    case 'useApiKey': {
      const client = createApiClient({ baseUrl: await serviceUrl(), credential: () => request.apiKey });
      try {
        const account = await client.account();
        await setCredential({ kind: 'apiKey', apiKey: request.apiKey, email: account.email });
        return { ok: true, value: null };
      } catch (err) {
        return { ok: false, error: errorText(err, lang, 'login') };
      }
    }
    case 'resendLink':
      try {
        await (await api()).resendVerification();
        return { ok: true, value: t(lang, 'linkResent') };
      } catch (err) {
        return { ok: false, error: errorText(err, lang), kind: 'unverified' };
      }
    case 'signOut': {
      const c = await credential();
      if (c?.kind === 'session') await (await api()).logout().catch(() => undefined);
      await setCredential(undefined);
      return { ok: true, value: null };
    }
    case 'choose':
      return { ok: true, value: await setTabChoices(request.tabId, request.choices) };
    case 'seal':
      return sealTab(request.tabId);
    case 'result': {
      const pending = pendingResults.get(request.id);
      pendingResults.delete(request.id);
      if (pending) return { ok: true, value: pending };
      // The background may have been suspended in between: the service keeps the sender's messages.
      try {
        return { ok: true, value: await (await api()).getMessage(request.id) };
      } catch (err) {
        return { ok: false, error: errorText(err, lang) };
      }
    }
    case 'resendSms':
      // "Send the SMS again" in the result window: the same password, a new SMS (counts as one).
      try {
        return { ok: true, value: await (await api()).resendSms(request.id, request.smsId) };
      } catch (err) {
        return { ok: false, error: errorText(err, lang) };
      }
  }
}
