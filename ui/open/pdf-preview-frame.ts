import type { Lang } from './i18n';
import { isPreviewReady, PREVIEW_SHOW, type PreviewShow } from './pdf-preview-protocol';

// The page's side of a PDF attachment's preview. Chromium's own PDF viewer runs in the page's origin
// and refuses every sandboxed frame, so the preview is our page /open/pdf-preview.html, which draws
// the pages with pdf.js, in a frame sandboxed to scripts only: an opaque origin that reaches neither
// the password, the decrypted message nor this page's storage, whatever the PDF holds.

/** The preview frame's sandbox: its own script runs, nothing else is granted. */
export const PDF_PREVIEW_SANDBOX = 'allow-scripts';

/**
 * A frame that shows `bytes`. The bytes go to it only when it says it listens, only to that frame's
 * window (an opaque origin has no name to address it by, hence "*"), and only once.
 */
export function pdfPreviewFrame(
  bytes: Uint8Array,
  lang: Lang,
  attributes: { title: string; className: string },
  signal: AbortSignal,
): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', PDF_PREVIEW_SANDBOX);
  frame.title = attributes.title;
  frame.className = attributes.className;
  // Relative to the page, so it holds under a path prefix too (PUBLIC_URL=https://host/vertraulich).
  frame.src = 'open/pdf-preview.html';
  const answer = (event: MessageEvent) => {
    const target = frame.contentWindow;
    if (!target || event.source !== target || !isPreviewReady(event.data)) return;
    window.removeEventListener('message', answer);
    const copy = bytes.slice().buffer;
    const message: PreviewShow = { type: PREVIEW_SHOW, lang, bytes: copy };
    target.postMessage(message, '*', [copy]);
  };
  window.addEventListener('message', answer, { signal });
  return frame;
}
