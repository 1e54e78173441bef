import {
  type Account as ApiAccount,
  ApiError,
  type ApiKey as ApiKeyRecord,
  createApiClient,
  kindOf,
  type MessageRequest,
  type MessageResult,
  type Problem,
  type StoredMessage,
  serviceBaseFromPage,
} from '../../core/api-client';

// The portal's calls to the API: ui/core's typed client on this origin. The session lives in an
// HttpOnly cookie the browser sends by itself (same origin), so no token is ever handled by this
// script. Every request carries the portal header: the server sets the cookie at login only when it
// is present, and refuses cookie-authenticated state changes without it; a cross-site form cannot
// add custom headers (CSRF defence, OWASP "Custom Request Headers"). The header name must match
// api/http/session-cookie.ts.

export const portalHeader = ['x-vertraulich-client', 'portal'] as const;

export type Account = ApiAccount;
export type ApiKey = ApiKeyRecord;
/** A message as the portal shows it: the send answer, or an entry of the history. */
export type SentMessage = MessageResult &
  Partial<Pick<StoredMessage, 'createdAt' | 'subject' | 'replyTo' | 'replies'>>;

const client = createApiClient({
  // The page is the service's root (also under a path prefix); openapi-fetch needs an absolute URL.
  baseUrl: typeof location === 'undefined' ? '' : serviceBaseFromPage(location.href),
  headers: { [portalHeader[0]]: portalHeader[1] },
  credentials: 'same-origin',
});

/** A failed XHR answer as ui/core's ApiError, so its plain-words `errorText` applies. */
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
    kindOf(status, problem),
    status,
    problem,
    Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
  );
}

/**
 * POST /v1/messages with upload progress: fetch cannot report it for request bodies in every
 * browser, so this one call uses XMLHttpRequest's `upload.onprogress` (XHR Living Standard §4.8),
 * typed by the same generated schema as every other call.
 */
export function sendWithProgress(
  body: MessageRequest,
  idempotencyKey: string,
  onProgress: (fraction: number) => void,
): Promise<MessageResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'v1/messages');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader(portalHeader[0], portalHeader[1]);
    xhr.setRequestHeader('idempotency-key', idempotencyKey);
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
        resolve(JSON.parse(xhr.responseText) as MessageResult);
      } catch {
        reject(new ApiError('server', xhr.status, { title: 'response is not JSON' }));
      }
    };
    xhr.send(JSON.stringify(body));
  });
}

export const api = {
  signUp: (email: string, password: string, name?: string) =>
    client.signUp({ email, password, ...(name ? { name } : {}) }),
  verifyAddress: client.verifyAddress,
  resendVerification: client.resendVerification,
  login: client.login,
  logout: client.logout,
  account: client.account,
  setReceiptMails: (receiptMails: boolean) => client.updateAccount({ receiptMails }),
  changePassword: client.changePassword,
  deleteAccount: client.deleteAccount,
  messages: (cursor?: string) => client.messages({ limit: 20, ...(cursor ? { cursor } : {}) }),
  message: client.getMessage,
  resendSms: client.resendSms,
  resendMail: client.resendMail,
  apiKeys: client.apiKeys,
  createApiKey: client.createApiKey,
  revokeApiKey: client.revokeApiKey,
};
