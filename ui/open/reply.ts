import { replyProof } from '../../api/replies/proof';
import type { Lang } from './i18n';
import type { ReplyContext } from './reply-context';
import { type ReplyTextKey, rt } from './reply-i18n';
import { replyRequest, sendReplyRequest } from './reply-send';
import { byId, formatSize } from './view';

// The reply part of an opened message (issue 18): an "Antworten" button, then a text, optional files
// and "Antwort senden". Drawn by script into #reply once a message is open; the one request the page
// ever makes is the POST of a reply, to its own origin, when the recipient presses send. The
// password stays in this tab's memory only while the message is open, to prove it to the service.

interface Open {
  context: ReplyContext;
  password: string;
}

let open: Open | undefined;
let lang: Lang = 'de';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  key?: ReplyTextKey,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) node.setAttribute(name, value);
  if (key) {
    node.dataset.rt = key;
    node.textContent = rt(lang, key);
  }
  return node;
}

function node<T extends HTMLElement>(id: string): T {
  return byId<T>(id);
}

function say(kind: 'status' | 'error', text: string): void {
  const target = node(kind === 'status' ? 'reply-status' : 'reply-error');
  target.textContent = text;
  if (kind === 'error') target.hidden = text === '';
}

function fromField(context: ReplyContext): HTMLElement[] {
  if (context.recipients.length < 2) return [];
  const select = el('select', { id: 'reply-from', name: 'from' });
  for (const address of context.recipients) {
    const option = el('option', { value: address });
    option.textContent = address;
    select.append(option);
  }
  return [el('label', { for: 'reply-from', class: 'field-label' }, 'replyFrom'), select];
}

function draw(context: ReplyContext): void {
  const start = el('button', { id: 'reply-start', type: 'button', class: 'primary' }, 'replyStart');
  const form = el('form', { id: 'reply-form', novalidate: '', 'aria-labelledby': 'reply-heading' });
  form.hidden = true;
  const files = el('input', { id: 'reply-files', name: 'files', type: 'file', multiple: '' });
  const chosen = el('p', { id: 'reply-files-chosen', class: 'hint', 'aria-live': 'polite' });
  files.addEventListener('change', () => {
    const list = [...(files.files ?? [])];
    const size = list.reduce((n, f) => n + f.size, 0);
    chosen.textContent =
      list.length > 0
        ? rt(lang, 'replyFilesChosen', { count: list.length, size: formatSize(size, lang) })
        : '';
  });
  const actions = el('div', { class: 'reply-actions' });
  const cancel = el('button', { id: 'reply-cancel', type: 'button', class: 'secondary' }, 'replyCancel');
  actions.append(el('button', { id: 'reply-send', type: 'submit', class: 'primary' }, 'replySend'), cancel);
  form.append(
    el('h3', { id: 'reply-heading', class: 'section-title' }, 'replyHeading'),
    el('p', { class: 'hint' }, 'replyIntro'),
    ...fromField(context),
    el('label', { for: 'reply-text', class: 'field-label' }, 'replyText'),
    el('textarea', { id: 'reply-text', name: 'text', rows: '6' }),
    el('label', { for: 'reply-files', class: 'field-label' }, 'replyFiles'),
    files,
    chosen,
    actions,
    el('p', { id: 'reply-status', class: 'status', role: 'status', 'aria-live': 'polite' }),
    el('p', { id: 'reply-error', class: 'error', role: 'alert', hidden: '' }),
  );
  const done = el('p', { id: 'reply-done', class: 'done', role: 'status', hidden: '' }, 'replySent');
  start.addEventListener('click', () => {
    start.hidden = true;
    done.hidden = true;
    form.hidden = false;
    node('reply-text').focus();
  });
  cancel.addEventListener('click', () => {
    form.hidden = true;
    start.hidden = false;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  node('reply').replaceChildren(start, form, done);
}

async function send(): Promise<void> {
  if (!open) return;
  const { context, password } = open;
  say('error', '');
  const text = node<HTMLTextAreaElement>('reply-text').value;
  const files = [...(node<HTMLInputElement>('reply-files').files ?? [])];
  if (text.trim() === '' && files.length === 0) return say('error', rt(lang, 'replyEmpty'));
  const button = node<HTMLButtonElement>('reply-send');
  button.disabled = true;
  say('status', rt(lang, 'replySending'));
  try {
    const select = document.getElementById('reply-from') as HTMLSelectElement | null;
    const from = select?.value ?? (context.recipients.length === 1 ? context.recipients[0] : undefined);
    const request = await replyRequest(context.messageId, { from, text, files });
    request.body.proof = await replyProof(password, request.proofOver);
    const outcome = await sendReplyRequest(context.messageId, request.body);
    if (outcome.ok) {
      node<HTMLFormElement>('reply-form').reset();
      node('reply-files-chosen').textContent = '';
      node('reply-form').hidden = true;
      node('reply-done').hidden = false;
      node('reply-start').hidden = false;
      return;
    }
    say('error', rt(lang, outcome.failure, { detail: outcome.detail ?? '' }));
  } catch (error) {
    console.error('could not send the reply', error);
    say('error', rt(lang, 'replyFailed'));
  } finally {
    button.disabled = false;
    say('status', '');
  }
}

/** Offers the reply for the message just opened; nothing when it names no message id. */
export function offerReply(context: ReplyContext | undefined, password: string, language: Lang): void {
  lang = language;
  open = context ? { context, password } : undefined;
  const area = node('reply');
  area.hidden = !context;
  if (context) draw(context);
  else area.replaceChildren();
}

export function applyReplyLanguage(language: Lang): void {
  lang = language;
  for (const item of node('reply').querySelectorAll<HTMLElement>('[data-rt]')) {
    item.textContent = rt(lang, item.dataset.rt as ReplyTextKey);
  }
}

/** Drops the password and the form: another file is opened, or the page is left. */
export function forgetReply(): void {
  open = undefined;
  const area = document.getElementById('reply');
  if (area) {
    area.replaceChildren();
    area.hidden = true;
  }
}
