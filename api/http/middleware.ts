import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import proxyaddr from 'proxy-addr';
import { authenticate } from '../accounts/sessions';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { sessionTokenFromCookie } from './session-cookie';

/** Largest body on most routes: logins, settings, keys. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Routes that take whole messages with base64 attachments get the large limit. */
export const largeBodyPrefixes = ['/v1/messages'];

/** Base64 grows 4/3; the rest (headers, text, HTML, JSON) gets 2 MiB of room. */
export function largeBodyBytes(maxAttachmentBytes: number): number {
  return Math.ceil((maxAttachmentBytes * 4) / 3) + 2 * 1024 * 1024;
}

export function bodyLimits(maxAttachmentBytes: number): MiddlewareHandler<AppEnv> {
  const onError = () => {
    throw new AppError('payload_too_large', 'The request body is too large.');
  };
  const small = bodyLimit({ maxSize: SMALL_BODY_BYTES, onError });
  const large = bodyLimit({ maxSize: largeBodyBytes(maxAttachmentBytes), onError });
  return (c, next) =>
    largeBodyPrefixes.some((p) => c.req.path.startsWith(p)) ? large(c, next) : small(c, next);
}

export function newRequestId(): string {
  return `req_${randomBytes(9).toString('base64url')}`;
}

/** One log line per request: method, path (no query), status, duration. Never headers or bodies. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  c.get('log').info(
    {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    },
    'request',
  );
};

const compiledTrust = new WeakMap<readonly string[], (address: string, hop: number) => boolean>();

function trustOf(list: readonly string[]): (address: string, hop: number) => boolean {
  let trust = compiledTrust.get(list);
  if (!trust) {
    trust = proxyaddr.compile([...list]);
    compiledTrust.set(list, trust);
  }
  return trust;
}

/**
 * The caller's address: the socket's (hono's getConnInfo), or, when the socket is a proxy named in
 * TRUST_PROXY, the first address in X-Forwarded-For, read from the right, that is not such a proxy
 * (proxy-addr, as express does it). Anyone can send X-Forwarded-For, so without TRUST_PROXY it is
 * ignored: it would let one client dodge the IP block. Tests pass
 * `{ incoming: { socket: { remoteAddress } } }` as the env of app.request().
 */
export function clientIp(c: Context<AppEnv>): string {
  let socketAddress: string | undefined;
  try {
    socketAddress = getConnInfo(c).remote.address;
  } catch {
    // No Node request behind this one (app.request() without env): nothing to tell.
  }
  if (!socketAddress) return 'unknown';
  const list = c.get('deps').config.trustProxy;
  const address =
    list.length === 0
      ? socketAddress
      : proxyaddr(
          {
            socket: { remoteAddress: socketAddress },
            headers: { 'x-forwarded-for': c.req.header('x-forwarded-for') },
          } as unknown as IncomingMessage,
          trustOf(list),
        );
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The bearer secret of the request, if any. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Requires a valid session token or API key (`Authorization: Bearer …`) and puts the caller on
 * c.var.account and c.var.credential. The portal's cookie session plugs in here as a second source.
 */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c) ?? sessionTokenFromCookie(c);
  if (!token)
    throw new AppError('unauthorized', 'Sign in first: send Authorization: Bearer <token or API key>.');
  const deps = c.get('deps');
  const found = await authenticate(deps.db, token, deps.now());
  if (!found) throw new AppError('unauthorized', 'The token or API key is not valid (any more).');
  c.set('account', found.account);
  c.set('credential', found.credential);
  await next();
};
