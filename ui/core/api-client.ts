// ui/core/api-client: the browser-side client of the vertraulich HTTP API (CONTRACT.md "HTTP API v1"),
// shared by the Outlook pane, the Thunderbird extension and the portal. It sends `Authorization:
// Bearer <token or API key>`, reads problem+json errors into an `ApiError` with a small closed `kind`,
// and `errorText` turns any error into one plain German or English sentence for the user.
// Network failures (service down, offline) become kind 'network'; nothing here ever logs secrets.

import type { MessageRequest, MessageResult } from './draft';
import { type Lang, t } from './i18n';

export type ApiErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'tooLarge'
  | 'rateLimited'
  | 'server'
  | 'network';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | undefined,
    readonly problem: Problem | undefined,
    /** Seconds from a 429's Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(problem?.title ?? problem?.detail ?? `${kind}${status ? ` (${status})` : ''}`);
  }
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  return 'invalid';
}

/**
 * One plain sentence for the user. `context: 'login'` reads a 401 as wrong credentials rather
 * than an expired session.
 */
export function errorText(err: unknown, lang: Lang, context?: 'login'): string {
  if (!(err instanceof ApiError)) return t(lang, 'errNetwork');
  switch (err.kind) {
    case 'invalid':
      return t(lang, 'errInvalid');
    case 'unauthorized':
      return t(lang, context === 'login' ? 'errLogin' : 'errUnauthorized');
    case 'forbidden':
      return t(lang, 'errForbidden');
    case 'notFound':
      return t(lang, 'errNotFound');
    case 'tooLarge':
      return t(lang, 'errTooLarge');
    case 'rateLimited':
      return t(lang, 'errRateLimited', { minutes: Math.max(1, Math.ceil((err.retryAfter ?? 900) / 60)) });
    case 'server':
      return t(lang, 'errServer');
    case 'network':
      return t(lang, 'errNetwork');
  }
}

export interface LoginResult {
  token: string;
  expiresAt: string;
}

export interface Account {
  id: string;
  email: string;
  name?: string | null;
  plan: 'free' | 'paid';
}

export interface ApiClientOptions {
  /** Where the API lives, e.g. `https://vertraulich.example` (no trailing /v1). '' = same origin. */
  baseUrl: string;
  /** The session token or API key to send, read on every call (so sign-in/out takes effect at once). */
  credential?: () => string | undefined;
  fetch?: typeof fetch;
}

export interface ApiClient {
  login(email: string, password: string): Promise<LoginResult>;
  logout(): Promise<void>;
  account(): Promise<Account>;
  /** POST /v1/messages; pass the same idempotencyKey when retrying so nothing is sent twice. */
  sendMessage(body: MessageRequest, idempotencyKey: string): Promise<MessageResult>;
  getMessage(id: string): Promise<MessageResult & { createdAt: string; subject: string }>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { accept: 'application/json, application/problem+json', ...headers };
    const credential = options.credential?.();
    if (credential) h.authorization = `Bearer ${credential}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('network', undefined, undefined);
    }
    if (!res.ok) throw await toApiError(res);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError('server', res.status, { title: 'response is not JSON' });
    }
  }

  return {
    login: (email, password) => call<LoginResult>('POST', '/v1/auth/login', { email, password }),
    logout: () => call<void>('POST', '/v1/auth/logout'),
    account: () => call<Account>('GET', '/v1/account'),
    sendMessage: (body, idempotencyKey) =>
      call<MessageResult>('POST', '/v1/messages', body, { 'idempotency-key': idempotencyKey }),
    getMessage: (id) => call('GET', `/v1/messages/${encodeURIComponent(id)}`),
  };
}

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Problem | undefined;
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === 'object') problem = parsed as Problem;
  } catch {
    // A proxy's HTML error page: the status alone decides.
  }
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(
    kindForStatus(res.status),
    res.status,
    problem,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
