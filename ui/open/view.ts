import { FRAME_SANDBOX, sanitiseHtml } from './html-body';
import { HEIGHT_KEY } from './html-body-sizer';
import { type Lang, t } from './i18n';
import { isForwardedMessage, type ShownAttachment, type ShownMessage } from './message';
import { pdfPreviewFrame } from './pdf-preview-frame';

// Draws an opened message into the page. Every string from the message goes in through textContent
// or a sanitised, sandboxed frame, never through innerHTML of the page itself.

const PREVIEWABLE_IMAGES = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page lacks #${id}`);
  return node as T;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatSize(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(lang, { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** Blob URLs of the open message; revoked when the recipient opens another file or leaves. */
const urls: string[] = [];

function blobUrl(bytes: Uint8Array, type: string): string {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  urls.push(url);
  return url;
}

/** The message listeners of the open message's frames; dropped with the message. */
let listening = new AbortController();

const MAX_FRAME_HEIGHT = 4000;

function frameHeight(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null || !(HEIGHT_KEY in data)) return undefined;
  const height = (data as Record<string, unknown>)[HEIGHT_KEY];
  return typeof height === 'number' && Number.isFinite(height) && height > 0 ? height : undefined;
}

export function forgetMessage(): void {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  listening.abort();
  listening = new AbortController();
  byId('m-body').replaceChildren();
  byId('m-attachments').replaceChildren();
}

function renderBody(message: ShownMessage, lang: Lang): void {
  const body = byId('m-body');
  const blocked = byId('m-blocked');
  blocked.hidden = true;
  if (message.html) {
    const safe = sanitiseHtml(message.html, message.inline);
    const frame = el('iframe', { sandbox: FRAME_SANDBOX, title: t(lang, 'message'), class: 'html-body' });
    frame.srcdoc = safe.srcdoc;
    // The frame's origin is opaque, so the page cannot look inside: its sizer script posts the
    // content's height. Only that frame's window is listened to, and the height is capped.
    window.addEventListener(
      'message',
      (event) => {
        if (event.source !== frame.contentWindow) return;
        const height = frameHeight(event.data);
        if (height === undefined) return;
        const wanted = Math.ceil(Math.min(height + 4, MAX_FRAME_HEIGHT));
        // Within a few pixels counts as fitting: a body as tall as its frame (height: 100%) would
        // otherwise grow by the margin at every report.
        if (Math.abs(wanted - frame.getBoundingClientRect().height) > 4) frame.style.height = `${wanted}px`;
      },
      { signal: listening.signal },
    );
    body.replaceChildren(frame);
    blocked.hidden = safe.remoteBlocked === 0;
    return;
  }
  const text = message.text.trim() === '' ? t(lang, 'noBody') : message.text;
  body.replaceChildren(el('div', { class: 'text-body' }, text));
}

/** Called when the recipient asks to see a forwarded message on the page. */
export type OpenForwarded = (attachment: ShownAttachment) => void;

function renderAttachment(
  attachment: ShownAttachment,
  lang: Lang,
  openForwarded?: OpenForwarded,
): HTMLLIElement {
  const item = el('li', { class: 'attachment' });
  const info = el('div', { class: 'attachment-info' });
  info.append(
    el('span', { class: 'attachment-name' }, attachment.name),
    el('span', { class: 'attachment-size' }, formatSize(attachment.bytes.length, lang)),
  );
  const actions = el('div', { class: 'attachment-actions' });
  const isImage = PREVIEWABLE_IMAGES.test(attachment.mimeType);
  const isPdf = attachment.mimeType === 'application/pdf';
  let preview: HTMLElement | undefined;
  if (isImage) {
    preview = el('img', {
      src: blobUrl(attachment.bytes, attachment.mimeType),
      alt: t(lang, 'previewOf', { name: attachment.name }),
      class: 'preview-image',
    });
  } else if (isPdf) {
    const toggle = el('button', { type: 'button', class: 'secondary small' }, t(lang, 'preview'));
    toggle.addEventListener('click', () => {
      const open = item.querySelector('.preview-pdf');
      if (open) {
        open.remove();
        toggle.textContent = t(lang, 'preview');
        return;
      }
      // The preview's page comes from the network: a sandboxed frame's opaque origin is no client
      // of the service worker, so offline it would show the browser's error page.
      const title = t(lang, 'previewOf', { name: attachment.name });
      item.append(
        navigator.onLine
          ? pdfPreviewFrame(attachment.bytes, lang, { title, className: 'preview-pdf' }, listening.signal)
          : el('p', { class: 'hint preview-pdf offline' }, t(lang, 'previewOffline')),
      );
      toggle.textContent = t(lang, 'hidePreview');
    });
    actions.append(toggle);
  } else if (openForwarded && isForwardedMessage(attachment)) {
    const show = el(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': t(lang, 'showForwardedNamed', { name: attachment.name }),
      },
      t(lang, 'showForwarded'),
    );
    show.addEventListener('click', () => openForwarded(attachment));
    actions.append(show);
  }
  // octet-stream: the bytes are saved as they are, never rendered in this page's origin.
  const download = el(
    'a',
    {
      href: blobUrl(attachment.bytes, 'application/octet-stream'),
      download: attachment.name,
      class: 'button primary small',
      'aria-label': t(lang, 'downloadNamed', { name: attachment.name }),
    },
    t(lang, 'download'),
  );
  actions.append(download);
  item.append(info, actions);
  if (preview) item.append(preview);
  return item;
}

export function renderMessage(message: ShownMessage, lang: Lang, openForwarded?: OpenForwarded): void {
  forgetMessage();
  byId('m-from').textContent = message.from;
  byId('m-to').textContent = message.to;
  byId('m-cc').textContent = message.cc;
  byId('m-cc').hidden = message.cc === '';
  byId('m-cc-label').hidden = message.cc === '';
  byId('m-date').textContent = message.date
    ? new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(message.date)
    : '';
  byId('m-subject').textContent = message.subject || t(lang, 'noSubject');
  renderBody(message, lang);
  const list = byId('m-attachments');
  list.replaceChildren(...message.attachments.map((a) => renderAttachment(a, lang, openForwarded)));
  byId('m-no-attachments').hidden = message.attachments.length > 0;
}
