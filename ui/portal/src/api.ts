import { ApiError, kindForStatus, type Problem } from '../../core/api-client';

// The portal's calls to the API. The session lives in an HttpOnly cookie the browser sends by itself
// (same origin), so no token is ever handled by this script. Every request carries the portal header:
// the server sets the cookie at login only when it is present, and refuses cookie-authenticated
// state changes without it; a cross-site form cannot add custom headers (CSRF defence, OWASP
// "Custom Request Headers"). The header name must match api/http/session-cookie.ts.

export const portalHeader = ['x-vertraulich-client', 'portal'] as const;

export interface Account {
  id: string;
  email: string;
  name?: string | null;
  plan: 'free' | 'paid' | string;
  receiptMails?: boolean;
  verified?: boolean;
}

export interface Delivery {
  address: string;
  status: string;
}

export interface SmsDelivery {
  phone: string;
  status: string;
}

export interface SentMessage {
  id: string;
  createdAt?: string;
  subject?: string;
  password: string;
  status: string;
  recipients: Delivery[];
  sms: SmsDelivery[];
}

export interface ApiKey {
  id: string;
  name?: string | null;
  prefix?: string | null;
  createdAt?: string;
  lastUsedAt?: string | null;
}

function headers(body: unknown): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json, application/problem+json' };
  h[portalHeader[0]] = portalHeader[1];
  if (body !== undefined) h['content-type'] = 'application/json';
  return h;
}

/** A failed answer as ui/core's ApiError, so its plain-words `errorText` applies. */
export function toApiError(status: number, bodyText: string, retryAfter: string | null): ApiError {
  let problem: Problem | undefined;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === 'object') problem = parsed as Problem;
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  const seconds = Number(retryAfter);
  return new ApiError(
    kindForStatus(status),
    status,
    problem,
    Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
  );
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body),
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', undefined, undefined);
  }
  if (!res.ok) throw toApiError(res.status, await res.text(), res.headers.get('retry-after'));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('server', res.status, { title: 'response is not JSON' });
  }
}

/**
 * POST with upload progress: fetch cannot report it for request bodies in every browser, so this one
 * uses XMLHttpRequest's `upload.onprogress` (XHR Living Standard §4.8).
 */
export function postWithProgress<T>(
  path: string,
  body: unknown,
  extraHeaders: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries({ ...headers(body), ...extraHeaders })) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError('network', undefined, undefined));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(toApiError(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(new ApiError('server', xhr.status, { title: 'response is not JSON' }));
      }
    };
    xhr.send(JSON.stringify(body));
  });
}

export const api = {
  signUp: (email: string, password: string, name?: string) =>
    call<unknown>('POST', '/v1/accounts', { email, password, ...(name ? { name } : {}) }),
  verifyAddress: (token: string) => call<void>('POST', '/v1/accounts/verify', { token }),
  resendVerification: () => call<void>('POST', '/v1/accounts/verify/resend'),
  login: (email: string, password: string) => call<unknown>('POST', '/v1/auth/login', { email, password }),
  logout: () => call<void>('POST', '/v1/auth/logout'),
  account: () => call<Account>('GET', '/v1/account'),
  setReceiptMails: (receiptMails: boolean) => call<Account>('PATCH', '/v1/account', { receiptMails }),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<void>('PUT', '/v1/account/password', { currentPassword, newPassword }),
  deleteAccount: (password: string) => call<void>('DELETE', '/v1/account', { password }),
  messages: (cursor?: string) =>
    call<{ messages: SentMessage[]; nextCursor?: string | null }>(
      'GET',
      `/v1/messages?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  apiKeys: () => call<unknown>('GET', '/v1/api-keys'),
  createApiKey: (name: string, password: string) => call<unknown>('POST', '/v1/api-keys', { name, password }),
  revokeApiKey: (id: string) => call<void>('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`),
};
