import DOMPurify from 'dompurify';
import { SIZER_SCRIPT } from './html-body-sizer';
import type { InlineImage } from './message';

// An HTML body is shown in an <iframe sandbox> with an opaque origin (no allow-same-origin), after
// DOMPurify has removed scripts, handlers, forms and frames. The one script that runs in it is the
// sizer (html-body-sizer.ts), allowed by its hash; the frame's CSP lets nothing else run even if
// the sanitiser missed something. Three layers keep remote content out: the sanitiser drops every
// remote URL it sees, the frame carries its own CSP (img-src data: only), and the page's CSP,
// which a srcdoc frame inherits, forbids every connection anyway (w3.org/TR/CSP3 "policy container").

// Filled in by ui/open/build.ts: cspHashSource(SIZER_SCRIPT), e.g. 'sha256-…' with its quotes.
declare const __SIZER_HASH__: string;

export const FRAME_CSP = [
  "default-src 'none'",
  `script-src ${__SIZER_HASH__}`,
  'img-src data:',
  "style-src 'unsafe-inline'",
  'font-src data:',
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const FRAME_STYLE = `
  html { color-scheme: light; }
  body { margin: 0; padding: 4px 2px; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: #1b2330; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  table { max-width: 100%; }
  pre { white-space: pre-wrap; }
`;

const REMOTE = /^\s*(https?:|\/\/|ftp:)/i;
const URL_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'];

export interface SafeHtml {
  srcdoc: string;
  remoteBlocked: number;
}

function dataUri(image: InlineImage): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < image.bytes.length; i += chunk) {
    binary += String.fromCharCode(...image.bytes.subarray(i, i + chunk));
  }
  const type = /^image\/[\w.+-]+$/.test(image.mimeType) ? image.mimeType : 'application/octet-stream';
  return `data:${type};base64,${btoa(binary)}`;
}

export function sanitiseHtml(html: string, inline: Map<string, InlineImage>): SafeHtml {
  let remoteBlocked = 0;
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      const cid = /^\s*cid:(.+)$/i.exec(value)?.[1]?.trim();
      const image = cid ? inline.get(cid.replace(/^<|>$/g, '')) : undefined;
      if (name === 'src' && image) {
        node.setAttribute('src', dataUri(image));
      } else if (!/^\s*data:image\//i.test(value)) {
        if (REMOTE.test(value)) remoteBlocked++;
        node.removeAttribute(name);
      }
    }
    // SVG <image>, <use> and <feImage> fetch what href names; only links may point elsewhere.
    for (const name of ['href', 'xlink:href']) {
      const value = node.getAttribute(name);
      if (node.tagName !== 'A' && value !== null && REMOTE.test(value)) {
        remoteBlocked++;
        node.removeAttribute(name);
      }
    }
    const style = node.getAttribute('style');
    if (style && /url\s*\(/i.test(style)) {
      remoteBlocked++;
      node.setAttribute('style', style.replace(/url\s*\([^)]*\)/gi, 'none'));
    }
    // Links open outside the page, in a new tab, and only when the recipient clicks them.
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const clean = purify.sanitize(html, {
    FORBID_TAGS: [
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'object',
      'embed',
      'link',
      'meta',
      'base',
    ],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    ALLOW_DATA_ATTR: false,
  });
  const srcdoc = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    `<style>${FRAME_STYLE}</style><script>${SIZER_SCRIPT}</script></head><body>${clean}</body></html>`,
  ].join('');
  return { srcdoc, remoteBlocked };
}

/**
 * The frame's sandbox: an opaque origin (the mail reaches neither the page nor its storage), scripts
 * only for the sizer (the CSP above allows no other), no forms, no top navigation; popups let a
 * clicked link open a tab outside the sandbox.
 */
export const FRAME_SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';
