import type { Lang } from './i18n';

// What the /open page and its PDF preview frame (ui/open/pdf-preview.ts) say to each other by
// postMessage. The frame announces that it listens; the page answers once with the file's bytes
// (the ArrayBuffer transferred, not copied) and the language to speak.

export const PREVIEW_READY = 'vertraulich-pdf-preview-ready';
export const PREVIEW_SHOW = 'vertraulich-pdf-preview-show';

export interface PreviewReady {
  type: typeof PREVIEW_READY;
}

export interface PreviewShow {
  type: typeof PREVIEW_SHOW;
  lang: Lang;
  bytes: ArrayBuffer;
}

function typed(data: unknown, type: string): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
}

export function isPreviewReady(data: unknown): data is PreviewReady {
  return typed(data, PREVIEW_READY);
}

export function isPreviewShow(data: unknown): data is PreviewShow {
  return (
    typed(data, PREVIEW_SHOW) &&
    (data.lang === 'de' || data.lang === 'en') &&
    data.bytes instanceof ArrayBuffer
  );
}
