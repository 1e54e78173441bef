import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env';
import { AppError } from './errors';

// The web portal's session: the same session token the API hands out, but kept in an HttpOnly cookie
// so no script on the page can read it. CSRF defence in depth (OWASP CSRF Prevention Cheat Sheet):
// - SameSite=Strict: browsers send the cookie only on requests started by this site itself;
// - the cookie is set only for requests carrying the portal header, and every state-changing request
//   authenticated by the cookie must carry it too; a cross-site form or image cannot add a custom
//   header, and a cross-site fetch with one needs a CORS preflight this service never grants;
// - when the browser sends Origin, it must be this service's own.
// Bearer tokens and API keys are untouched by all of this: CSRF needs ambient credentials.

/** Sent by the portal on every request; must match ui/portal/src/api.ts. */
export const PORTAL_HEADER = 'x-vertraulich-client';
export const PORTAL_HEADER_VALUE = 'portal';

const PLAIN_NAME = 'vertraulich_session';
/** `__Host-` binds the cookie to this exact host, path / and Secure (RFC 6265bis §4.1.3.2). */
const SECURE_NAME = `__Host-${PLAIN_NAME}`;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Secure cookies when the service speaks TLS itself or is reached over https (behind a proxy). */
function isSecure(c: Context<AppEnv>): boolean {
  const config = c.get('deps').config;
  return config.tls !== undefined || config.publicUrl.startsWith('https:') || c.req.url.startsWith('https:');
}

function cookieName(c: Context<AppEnv>): string {
  return isSecure(c) ? SECURE_NAME : PLAIN_NAME;
}

function fromPortal(c: Context<AppEnv>): boolean {
  return c.req.header(PORTAL_HEADER) === PORTAL_HEADER_VALUE;
}

/** True when a login came from the portal and should answer with the session cookie. */
export function wantsSessionCookie(c: Context<AppEnv>): boolean {
  return fromPortal(c);
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  const secure = isSecure(c);
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - c.get('deps').now().getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  if (getCookie(c, cookieName(c)) === undefined) return;
  deleteCookie(c, cookieName(c), { path: '/', secure: isSecure(c), httpOnly: true, sameSite: 'Strict' });
}

function sameOrigin(c: Context<AppEnv>, origin: string): boolean {
  const own = [new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin];
  return own.includes(origin);
}

/**
 * The session token from the portal's cookie, for requests without an Authorization header; undefined
 * when there is none. A state-changing request that would be authenticated by the cookie without the
 * portal header, or from another origin, is refused outright (403), before anything happens.
 */
export function sessionTokenFromCookie(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, cookieName(c));
  if (!token) return undefined;
  if (safeMethods.has(c.req.method)) return token;
  const origin = c.req.header('origin');
  if (!fromPortal(c) || (origin !== undefined && !sameOrigin(c, origin))) {
    throw new AppError(
      'forbidden',
      `A request signed in by the portal's cookie must come from the portal itself (header ${PORTAL_HEADER}).`,
    );
  }
  return token;
}
