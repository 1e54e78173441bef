import { AnnotationMode, getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { type Lang, t } from './i18n';
import { isPreviewShow, PREVIEW_READY, type PreviewReady } from './pdf-preview-protocol';

// The PDF preview (/open/pdf-preview.html), in a frame of the /open page sandboxed to allow-scripts
// only: an opaque origin. It draws the pages of the one PDF the page sends it onto canvases with
// pdf.js, and nothing else: no annotation layer (no links, no form fields), no PDF JavaScript, no
// eval (isEvalSupported: false), no fetch (its CSP allows none). A file pdf.js cannot read gets a
// plain sentence.
//
// A worker cannot be started from an opaque origin, so pdf.js's worker code is bundled in here and
// handed over as `globalThis.pdfjsWorker`; pdf.js then parses in this thread ("fake worker").

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfWorker;

/** Pages are drawn at most this much larger than their size in points (1/72 in), and never smaller. */
const MAX_SCALE = 2;
const MIN_SCALE = 0.5;

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`pdf-preview.html lacks #${id}`);
  return node;
}

function say(node: HTMLElement, text: string, error = false): void {
  node.textContent = text;
  node.classList.toggle('error', error);
  node.hidden = false;
}

/** How much to enlarge a page `width` points wide so that it fills the frame's width. */
function fitScale(width: number): number {
  const available = document.documentElement.clientWidth - 24;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, available / width));
}

async function drawPage(pdf: PDFDocumentProxy, number: number, figure: HTMLElement, lang: Lang) {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale: fitScale(page.getViewport({ scale: 1 }).width) });
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute(
    'aria-label',
    t(lang, 'previewPage', { page: String(number), pages: String(pdf.numPages) }),
  );
  await page.render({
    canvas,
    viewport,
    transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    annotationMode: AnnotationMode.ENABLE,
  }).promise;
  figure.style.width = canvas.style.width;
  figure.style.height = canvas.style.height;
  figure.replaceChildren(canvas);
  page.cleanup();
}

/** One empty page per PDF page, the size of the first until drawn; each is drawn as it scrolls near. */
async function layOut(pdf: PDFDocumentProxy, lang: Lang): Promise<void> {
  const first = await pdf.getPage(1);
  const size = first.getViewport({ scale: fitScale(first.getViewport({ scale: 1 }).width) });
  const pages = byId('pages');
  const figures = new Map<Element, number>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const number = figures.get(entry.target);
        if (!entry.isIntersecting || number === undefined) continue;
        observer.unobserve(entry.target);
        const figure = entry.target as HTMLElement;
        drawPage(pdf, number, figure, lang).catch(() => {
          const line = document.createElement('p');
          line.className = 'status';
          say(line, t(lang, 'previewFailed'), true);
          figure.replaceChildren(line);
        });
      }
    },
    { rootMargin: '400px 0px' },
  );
  for (let number = 1; number <= pdf.numPages; number++) {
    const figure = document.createElement('figure');
    figure.className = 'page';
    figure.style.width = `${Math.floor(size.width)}px`;
    figure.style.height = `${Math.floor(size.height)}px`;
    figures.set(figure, number);
    pages.append(figure);
    observer.observe(figure);
  }
}

async function show(bytes: ArrayBuffer, lang: Lang): Promise<void> {
  document.documentElement.lang = lang;
  document.title = t(lang, 'preview');
  const status = byId('status');
  say(status, t(lang, 'previewLoading'));
  try {
    const pdf = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      enableXfa: false,
      // Everything is in `data`; no range requests, no fonts or maps fetched from anywhere.
      disableAutoFetch: true,
      disableStream: true,
    }).promise;
    await layOut(pdf, lang);
    status.hidden = true;
  } catch {
    // Damaged, encrypted, or not a PDF at all: the download button beside the preview still works.
    say(status, t(lang, 'previewFailed'), true);
  }
}

let shown = false;
window.addEventListener('message', (event) => {
  if (shown || event.source !== window.parent || !isPreviewShow(event.data)) return;
  shown = true;
  void show(event.data.bytes, event.data.lang);
});
const ready: PreviewReady = { type: PREVIEW_READY };
// The page is of this URL's origin; this document's own origin is opaque.
window.parent.postMessage(ready, location.origin);
