import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { cspHashSource } from '../../ui/open/csp-hash';
import { SIZER_SCRIPT } from '../../ui/open/html-body-sizer';

// Every security header of the service, in this one place, set by hono/secure-headers after the
// handler has run. Each part of the site gets its own Content-Security-Policy (the table at the end);
// everything else (the JSON API, /healthz, downloads) gets a policy that lets nothing run or frame it.
// HSTS only when PUBLIC_URL is https (RFC 6797 §7.2: never over plain HTTP), also behind a TLS proxy.

type Csp = NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy'];

/** The JSON API and whatever else is not a page: nothing to run, nothing to frame. */
export const API_CSP: Csp = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * The web portal talks only to this origin's API: no inline script or style, no other host, no
 * framing (clickjacking), no form posts elsewhere.
 */
export const PORTAL_CSP: Csp = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * /open keeps in policy what it promises in words: no connection but to this origin (the one request
 * the page makes is a reply, POST /v1/messages/{id}/replies, when the recipient presses send: issue
 * 18), no form posts, scripts and styles only from here. Inline styles are allowed because the HTML
 * body of a mail, shown in a sandboxed srcdoc frame, inherits this policy and is styled inline. The
 * one inline script is that frame's sizer, named by its hash (ui/open/html-body-sizer.ts); the
 * frame's own <meta> policy names it too, so it is the only script that can run in the frame.
 */
export const OPEN_PAGE_CSP: Csp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", cspHashSource(SIZER_SCRIPT)],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'none'"],
  // The PDF preview is our /open/pdf-preview.html; HTML bodies are srcdoc frames, which need no source.
  frameSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The PDF preview (ui/open/pdf-preview.ts) draws the PDF it is sent onto canvases: its own script
 * and stylesheet, nothing to fetch, no worker (pdf.js parses in the page), framed only by /open.
 * It runs sandboxed with an opaque origin, so its script and stylesheet are cross-origin loads for
 * it: they go out with Cross-Origin-Resource-Policy: cross-origin (public files, nothing secret).
 */
export const PDF_PREVIEW_CSP: Csp = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  formAction: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'self'"],
};

/** The service worker only fetches the page's own files to keep them for offline use. */
export const OPEN_WORKER_CSP: Csp = { defaultSrc: ["'none'"], connectSrc: ["'self'"] };

const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
const OUTLOOK_FRAMERS = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.outlook.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.cloud.microsoft',
];

/**
 * The Outlook pane runs its own scripts and office.js from Microsoft's CDN (which loads further
 * Office scripts from the same host), talks only to this origin, and must be framed by Outlook on
 * the web (Microsoft's domains); classic and new Outlook host it in a webview with no ancestors.
 * office.js also tries to frame Microsoft's telemetry service; frames stay at 'self' (default-src),
 * so that is blocked: the pane does not need it.
 */
export const ADDIN_CSP: Csp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", OFFICE_CDN],
  // office.js sets style attributes on the elements it adds (seen with the npm copy outside Outlook).
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", OFFICE_CDN],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'self'", ...OUTLOOK_FRAMERS],
};

/** Swagger UI from node_modules, nothing from a CDN; it styles inline and fetches /openapi.json. */
export const DOCS_CSP: Csp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
};

const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`);

interface Zone {
  matches: (path: string) => boolean;
  csp: Csp;
  /** Outlook on the web frames the pane from Microsoft's origins: no X-Frame-Options, no COOP/CORP. */
  framed?: boolean;
  /** Framed by this origin's pages, sandboxed to an opaque origin: SAMEORIGIN, CORP cross-origin. */
  sandboxedFrame?: boolean;
}

/** First match wins. */
const zones: Zone[] = [
  { matches: (p) => p === '/open/sw.js', csp: OPEN_WORKER_CSP },
  { matches: (p) => p.startsWith('/open/pdf-preview.'), csp: PDF_PREVIEW_CSP, sandboxedFrame: true },
  { matches: under('/open'), csp: OPEN_PAGE_CSP },
  { matches: under('/addin'), csp: ADDIN_CSP, framed: true },
  { matches: under('/docs'), csp: DOCS_CSP },
  { matches: (p) => p === '/' || under('/portal')(p), csp: PORTAL_CSP },
  { matches: () => true, csp: API_CSP },
];

export interface SecurityHeadersOptions {
  /** PUBLIC_URL: HSTS when it is https. */
  publicUrl: string;
}

/** One middleware for the whole app: `app.use(securityHeaders({ publicUrl }))`. */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const https = options.publicUrl.startsWith('https:');
  const handlers = zones.map((zone) => ({
    matches: zone.matches,
    handler: secureHeaders({
      contentSecurityPolicy: zone.csp,
      strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
      xFrameOptions: zone.framed ? false : zone.sandboxedFrame ? 'SAMEORIGIN' : 'DENY',
      crossOriginOpenerPolicy: !zone.framed,
      crossOriginResourcePolicy: zone.sandboxedFrame ? 'cross-origin' : !zone.framed,
      permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    }),
  }));
  return (c, next) => {
    const zone = handlers.find((z) => z.matches(c.req.path)) ?? handlers[handlers.length - 1];
    if (!zone) return next();
    return zone.handler(c, next);
  };
}
