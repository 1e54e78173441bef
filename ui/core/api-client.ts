// ui/core/api-client: the one client of the vertraulich HTTP API, used by the Outlook pane, the
// Thunderbird extension and the portal. Its types are generated from the app's own /openapi.json
// (api-schema.ts, kept current by api-schema.test.ts) and every call goes through openapi-fetch, so
// a changed route breaks the clients at compile time. Failures become an `ApiError` with a small
// closed `kind`; `errorText` (api-errors.ts) turns it into one plain German or English sentence.
// Network failures (service down, offline) become kind 'network'; nothing here ever logs secrets.

import createClient from 'openapi-fetch';
import { ApiError, kindOf, type Problem } from './api-errors';
import type { components, paths } from './api-schema';

export * from './api-errors';

type Schemas = components['schemas'];
export type Account = Schemas['Account'];
export type ApiKey = Schemas['ApiKey'];
export type MessageRequest = Schemas['SendMessage'];
export type MessageResult = Schemas['SentMessage'];
export type StoredMessage = Schemas['Message'];
export type MessageList = Schemas['MessageList'];
export type LoginResult = paths['/v1/auth/login']['post']['responses'][200]['content']['application/json'];
export type NewAccount = paths['/v1/accounts']['post']['requestBody']['content']['application/json'];
export type AccountChange = NonNullable<
  paths['/v1/account']['patch']['requestBody']
>['content']['application/json'];
export type NewApiKey = paths['/v1/api-keys']['post']['responses'][201]['content']['application/json'];

export interface ApiClientOptions {
  /** Where the API lives, e.g. `https://vertraulich.example` (no trailing /v1). '' = same origin. */
  baseUrl: string;
  /** The session token or API key to send, read on every call (so sign-in/out takes effect at once). */
  credential?: () => string | undefined;
  /** Sent with every call (the portal's CSRF header). */
  headers?: Record<string, string>;
  /** 'same-origin' for the portal, whose session is an HttpOnly cookie. */
  credentials?: RequestCredentials;
  fetch?: (input: Request) => Promise<Response>;
}

/**
 * The service's base URL as seen from one of its pages: `toRoot` leads from the page to the service
 * root ('.' from the portal and /open, '..' from /addin/pane.html). Nothing else needs to know a
 * path prefix (PUBLIC_URL=https://host/vertraulich behind a reverse proxy).
 */
export function serviceBaseFromPage(pageHref: string, toRoot = '.'): string {
  return new URL(toRoot, pageHref).href.replace(/\/+$/, '');
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError for a failed call (kind from the problem type or the status). */
async function run<T>(call: () => Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call();
  } catch {
    throw new ApiError('network', undefined, undefined);
  }
  const { response } = answer;
  if (!response.ok) {
    const problem = answer.error && typeof answer.error === 'object' ? (answer.error as Problem) : undefined;
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(
      kindOf(response.status, problem),
      response.status,
      problem,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return answer.data as T;
}

export function createApiClient(options: ApiClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { accept: 'application/json, application/problem+json', ...options.headers },
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Looked up at call time, so a test (or the portal's progress upload) may swap the global.
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  client.use({
    onRequest({ request }) {
      const credential = options.credential?.();
      if (credential) request.headers.set('authorization', `Bearer ${credential}`);
      return request;
    },
  });
  return {
    signUp: (body: NewAccount) => run(() => client.POST('/v1/accounts', { body })),
    verifyAddress: (token: string) =>
      run(() => client.POST('/v1/accounts/verify', { body: { token } })).then(() => undefined),
    resendVerification: () => run(() => client.POST('/v1/accounts/verify/resend')).then(() => undefined),
    login: (email: string, password: string) =>
      run(() => client.POST('/v1/auth/login', { body: { email, password } })),
    logout: () => run(() => client.POST('/v1/auth/logout')).then(() => undefined),
    account: () => run(() => client.GET('/v1/account')),
    updateAccount: (body: AccountChange) => run(() => client.PATCH('/v1/account', { body })),
    changePassword: (currentPassword: string, newPassword: string) =>
      run(() => client.PUT('/v1/account/password', { body: { currentPassword, newPassword } })).then(
        () => undefined,
      ),
    deleteAccount: (password: string) =>
      run(() => client.DELETE('/v1/account', { body: { password } })).then(() => undefined),
    apiKeys: () => run(() => client.GET('/v1/api-keys')),
    createApiKey: (name: string, password: string) =>
      run(() => client.POST('/v1/api-keys', { body: { name, password } })),
    revokeApiKey: (id: string) =>
      run(() => client.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })).then(() => undefined),
    /** POST /v1/messages; pass the same idempotencyKey when retrying so nothing is sent twice. */
    sendMessage: (body: MessageRequest, idempotencyKey: string) =>
      run(() => client.POST('/v1/messages', { body, headers: { 'idempotency-key': idempotencyKey } })),
    messages: (query: { limit?: number; cursor?: string } = {}) =>
      run(() => client.GET('/v1/messages', { params: { query } })),
    getMessage: (id: string) => run(() => client.GET('/v1/messages/{id}', { params: { path: { id } } })),
    /** The same password to the same phone again, as a new SMS (counts against the SMS quota). */
    resendSms: (id: string, smsId: string) =>
      run(() => client.POST('/v1/messages/{id}/sms/{smsId}/resend', { params: { path: { id, smsId } } })),
    /** The same sealed mail (same bytes and password) to its mail recipients again (counts as a message). */
    resendMail: (id: string) =>
      run(() => client.POST('/v1/messages/{id}/resend', { params: { path: { id } } })),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
