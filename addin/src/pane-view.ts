// The pane's DOM: finding elements, filling in the words of the chosen language, and showing
// messages, progress and the result (password, copy, spelling, delivery). No Office.js here.

import { type LiveDelivery, type LiveDeliveryApi, liveDelivery } from '../../ui/core/delivery-live';
import type { MessageResult } from '../../ui/core/draft';
import { hasKey, type Lang, t } from '../../ui/core/i18n';
import { spellPasswordGroups } from '../../ui/core/spell';

export function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`pane.html has no #${id}`);
  return el as T;
}

/** Replaces the text of every [data-i18n] element (and [data-i18n-placeholder]) with `lang`'s words. */
export function applyStrings(lang: Lang): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    if (hasKey('client', el.dataset.i18n)) el.textContent = t(lang, el.dataset.i18n);
  }
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    if (hasKey('client', el.dataset.i18nPlaceholder)) el.placeholder = t(lang, el.dataset.i18nPlaceholder);
  }
}

/** Shows `text`; `offerResend` adds the button that mails the confirmation link again. */
export function showMessage(text: string, kind: 'error' | 'info' = 'error', offerResend = false): void {
  const box = $('message');
  const words = $('message-text');
  words.textContent = text;
  words.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  $('resend').hidden = !offerResend;
  box.classList.toggle('info', kind === 'info');
  box.hidden = false;
}

export function hideMessage(): void {
  $('message').hidden = true;
}

export function showSection(name: 'signin' | 'compose' | 'result' | 'none'): void {
  for (const id of ['signin', 'compose', 'result'] as const) $(id).hidden = id !== name;
}

/** Disables the form while `text` is shown under a progress bar; `undefined` ends it. */
export function setBusy(text: string | undefined): void {
  $('progress').hidden = text === undefined;
  $('progress-text').textContent = text ?? '';
  $<HTMLButtonElement>('send').disabled = text !== undefined;
  for (const el of $('compose').querySelectorAll<HTMLInputElement>('input')) el.disabled = text !== undefined;
}

let shown: LiveDelivery | undefined;

/**
 * The result: the password, and each recipient's and phone's delivery, kept current from `live`
 * (GET /v1/messages/{id}) while the pane shows it; a failed SMS can be sent again or read out.
 */
export function renderResult(lang: Lang, result: MessageResult, live: LiveDeliveryApi<MessageResult>): void {
  $('password').textContent = result.password;
  shown?.stop();
  shown = liveDelivery(lang, result, live);
  $('delivery').replaceChildren(shown.element);
  renderSpelling(lang, result.password);
  $('spelling').hidden = true;
  $('spell').setAttribute('aria-expanded', 'false');
  $('spell').textContent = t(lang, 'spellOut');
  $('after-send').textContent = t(lang, 'afterSend');
  showSection('result');
}

function renderSpelling(lang: Lang, password: string): void {
  const list = $('spelling');
  list.replaceChildren();
  for (const group of spellPasswordGroups(password, lang)) {
    for (const c of group) {
      const li = document.createElement('li');
      if (c.kind === 'symbol') li.className = 'group-gap';
      const b = document.createElement('b');
      b.textContent = c.char;
      li.append(b, document.createTextNode(c.words));
      list.append(li);
    }
  }
}

export function toggleSpelling(lang: Lang): void {
  const list = $('spelling');
  list.hidden = !list.hidden;
  $('spell').setAttribute('aria-expanded', String(!list.hidden));
  $('spell').textContent = t(lang, list.hidden ? 'spellOut' : 'hideSpelling');
}

/** Copies text; falls back to selecting it where the host's webview blocks the Clipboard API. */
export async function copyText(text: string, lang: Lang): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('password'));
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    document.execCommand('copy');
  }
  const button = $('copy');
  button.textContent = t(lang, 'copied');
  setTimeout(() => {
    button.textContent = t(lang, 'copy');
  }, 2000);
}
