import { isTextKey, type Lang, pickLanguage, t } from './i18n';
import { readMessage, type ShownAttachment, type ShownMessage, zipInsideMail } from './message';
import { applyReplyLanguage, forgetReply, offerReply } from './reply';
import { idFromFragment, replyContextOf } from './reply-context';
import { normalisePassword, OpenError, openZip } from './unzip';
import { byId, forgetMessage, renderMessage } from './view';

// The /open page: pick or drop the ZIP, type the password, read the message. Everything happens in
// this tab; the page's CSP (connect-src 'self', form-action 'none') stops any upload elsewhere even if
// a bug tried one. The one request it makes is a reply, to its own origin, when the recipient presses
// send (reply.ts). A service worker keeps the page available offline after the first visit.

const LANG_KEY = 'vertraulich-open-lang';

let lang: Lang = chooseLanguage();
let chosen: File | undefined;
let shown: ShownMessage | undefined;
/** The messages the recipient came from to a forwarded one shown now, outermost first. */
const trail: ShownMessage[] = [];
/** Whether the reply was offered on the outermost message (a forwarded one offers none). */
let replyHidden = true;

/** Storage may be switched off (private modes, strict settings): the page works without it. */
function remembered(value?: Lang): string | null {
  try {
    if (value) localStorage.setItem(LANG_KEY, value);
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

function chooseLanguage(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'de' || asked === 'en') return asked;
  const saved = remembered();
  if (saved === 'de' || saved === 'en') return saved;
  return pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

function applyLanguage(): void {
  document.documentElement.lang = lang;
  document.title = t(lang, 'pageTitle');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n;
    if (key && isTextKey(key)) node.textContent = t(lang, key);
    const label = node.dataset.i18nLabel;
    if (label && isTextKey(label)) node.setAttribute('aria-label', t(lang, label));
  }
  if (chosen) byId('drop-hint').textContent = t(lang, 'fileChosen', { name: chosen.name });
  if (shown) show(shown);
  applyReplyLanguage(lang);
}

/** Draws `message`; a forwarded one comes with the way back and without the reply. */
function show(message: ShownMessage): void {
  shown = message;
  renderMessage(message, lang, (attachment) => void openForwarded(attachment));
  byId('m-forwarded').hidden = trail.length === 0;
  if (trail.length > 0) byId('reply').hidden = true;
}

async function openForwarded(attachment: ShownAttachment): Promise<void> {
  if (!shown) return;
  let inner: ShownMessage;
  try {
    inner = await readMessage(attachment.bytes, []);
  } catch (error) {
    // Not readable as a mail: it can still be saved with its button.
    console.warn('could not read the forwarded message', error);
    return;
  }
  if (trail.length === 0) replyHidden = byId('reply').hidden;
  trail.push(shown);
  show(inner);
  window.scrollTo(0, 0);
}

function back(): void {
  const outer = trail.pop();
  if (!outer) return;
  show(outer);
  if (trail.length === 0) byId('reply').hidden = replyHidden;
  window.scrollTo(0, 0);
}

function showError(text: string): void {
  const error = byId('error');
  error.textContent = text;
  error.hidden = text === '';
}

function choose(file: File | undefined): void {
  chosen = file;
  showError('');
  byId('drop-hint').textContent = file ? t(lang, 'fileChosen', { name: file.name }) : t(lang, 'dropHint');
  byId('drop').classList.toggle('chosen', file !== undefined);
}

async function openChosen(): Promise<void> {
  showError('');
  const password = normalisePassword(byId<HTMLInputElement>('password').value);
  if (!chosen) return showError(t(lang, 'needFile'));
  if (password === '') return showError(t(lang, 'needPassword'));
  const button = byId<HTMLButtonElement>('open');
  const status = byId('status');
  button.disabled = true;
  status.textContent = t(lang, 'opening');
  try {
    let zip: Blob = chosen;
    try {
      zip = (await zipInsideMail(chosen)) ?? chosen;
    } catch {
      // Not a mail either: let the ZIP reader say what it is.
    }
    const opened = await openZip(zip, password);
    trail.length = 0;
    show(await readMessage(opened.message.bytes, opened.files));
    offerReply(
      await replyContextOf(opened, idFromFragment(location.hash)).catch(() => undefined),
      password,
      lang,
    );
    byId('unlock').hidden = true;
    byId('message').hidden = false;
    byId<HTMLInputElement>('password').value = '';
    window.scrollTo(0, 0);
  } catch (error) {
    showError(error instanceof OpenError ? t(lang, error.failure) : t(lang, 'unexpected'));
    if (!(error instanceof OpenError)) console.error('could not open the file', error);
  } finally {
    button.disabled = false;
    status.textContent = '';
  }
}

function reset(): void {
  shown = undefined;
  trail.length = 0;
  byId('m-forwarded').hidden = true;
  forgetMessage();
  forgetReply();
  byId<HTMLInputElement>('file').value = '';
  choose(undefined);
  byId('message').hidden = true;
  byId('unlock').hidden = false;
}

function wire(): void {
  const input = byId<HTMLInputElement>('file');
  input.addEventListener('change', () => choose(input.files?.[0]));
  const drop = byId('drop');
  for (const target of [document.body, drop]) {
    target.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
  }
  document.body.addEventListener('dragleave', () => drop.classList.remove('over'));
  document.body.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) {
      choose(file);
      byId('password').focus();
    }
  });
  byId<HTMLFormElement>('open-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void openChosen();
  });
  const show = byId<HTMLInputElement>('show-password');
  show.addEventListener('change', () => {
    byId<HTMLInputElement>('password').type = show.checked ? 'text' : 'password';
  });
  byId('lang').addEventListener('click', () => {
    lang = lang === 'de' ? 'en' : 'de';
    remembered(lang);
    applyLanguage();
  });
  byId('another').addEventListener('click', reset);
  byId('back').addEventListener('click', back);
  window.addEventListener('pagehide', () => {
    forgetMessage();
    forgetReply();
  });
}

async function keepOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    // Relative to the page, so it holds under a path prefix too (PUBLIC_URL=https://host/vertraulich).
    await navigator.serviceWorker.register('open/sw.js', { scope: 'open' });
    await navigator.serviceWorker.ready;
    byId('offline').hidden = false;
  } catch (error) {
    // Private windows and some embedded browsers refuse service workers: the page still works online.
    console.warn('offline copy unavailable', error);
  }
}

wire();
applyLanguage();
void keepOffline();
