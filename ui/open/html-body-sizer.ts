// The one script allowed to run in the frame that shows a message's HTML body. The frame has an
// opaque origin (no allow-same-origin), so the page cannot measure it; this script reports the
// content's height instead: the <html> element's box, unlike scrollHeight, which is at least the
// frame's. It runs only because both policies over the frame name its SHA-256 (CSP3 "hash-source"):
// the frame's own <meta> CSP (ui/open/html-body.ts) and the /open page's, which a srcdoc frame
// inherits (api/http/security-headers.ts). Both hashes are computed from this text, so changing it
// needs nothing else. Plain ES5, no imports: it is inlined as it stands.

/** The message a sized frame posts to the page: `{ [HEIGHT_KEY]: pixels }`. */
export const HEIGHT_KEY = 'vertraulichFrameHeight';

export const SIZER_SCRIPT =
  'new ResizeObserver(function () {' +
  ` parent.postMessage({ ${HEIGHT_KEY}: document.documentElement.getBoundingClientRect().height }, "*");` +
  ' }).observe(document.documentElement);';
