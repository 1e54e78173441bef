// ui/core/api-errors: what a refused or failed API call means to the user. The server answers
// problem+json (RFC 9457) with a type `urn:vertraulich:problem:<code>`; the code decides where the
// status alone cannot (403 unverified / suspended / forbidden, 429 quota / locked). `errorText` makes
// one plain sentence in the user's language; the server's own detail is English, so it is added for
// English readers only, except an operator's suspension reason, which is the operator's own words.

import { type Lang, locales, type StringKey, t } from './i18n';

export type ApiErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'unverified'
  | 'suspended'
  | 'notFound'
  | 'tooLarge'
  | 'quota'
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

const PROBLEM_PREFIX = 'urn:vertraulich:problem:';

/** The kind of a failed answer: the problem type where it says more than the status. */
export function kindOf(status: number, problem: Problem | undefined): ApiErrorKind {
  const code = problem?.type?.startsWith(PROBLEM_PREFIX) ? problem.type.slice(PROBLEM_PREFIX.length) : '';
  if (code === 'unverified' || code === 'suspended' || code === 'quota') return code;
  return kindForStatus(status);
}

/** The first part of a field path (`sms.0`, `to.1`, `options.zip`) as words the user knows. */
const fieldKeys: Record<string, StringKey> = {
  to: 'field_recipients',
  cc: 'field_recipients',
  bcc: 'field_recipients',
  sms: 'field_phone',
  phone: 'field_phone',
  name: 'field_name',
  email: 'field_email',
  password: 'field_password',
  newPassword: 'field_password',
  subject: 'field_subject',
  attachments: 'field_attachments',
  text: 'field_text',
  html: 'field_text',
};

function fieldsText(lang: Lang, errors: NonNullable<Problem['errors']>): string {
  const names = errors.map((e) => t(lang, fieldKeys[e.path.split('.')[0] ?? ''] ?? 'field_other'));
  return new Intl.ListFormat(locales[lang], { type: 'conjunction' }).format([...new Set(names)]);
}

function quotaText(lang: Lang, seconds: number | undefined): string {
  if (seconds === undefined) return t(lang, 'errQuotaLater');
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes < 120
    ? t(lang, 'errQuota', { unit: 'minutes', n: minutes })
    : t(lang, 'errQuota', { unit: 'hours', n: Math.ceil(minutes / 60) });
}

function withDetail(lang: Lang, text: string, detail: string | undefined): string {
  return detail && lang === 'en' ? `${text} (${detail})` : text;
}

/**
 * One plain sentence for the user. `context: 'login'` reads a 401 as wrong credentials rather
 * than an expired session.
 */
export function errorText(err: unknown, lang: Lang, context?: 'login'): string {
  if (!(err instanceof ApiError)) return t(lang, 'errNetwork');
  const detail = err.problem?.detail;
  switch (err.kind) {
    case 'invalid': {
      const errors = err.problem?.errors ?? [];
      if (errors.length === 0) return withDetail(lang, t(lang, 'errInvalid'), detail);
      const messages = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return withDetail(lang, t(lang, 'errFields', { fields: fieldsText(lang, errors) }), messages);
    }
    case 'unauthorized':
      return t(lang, context === 'login' ? 'errLogin' : 'errUnauthorized');
    case 'forbidden':
      return t(lang, 'errForbidden');
    case 'unverified':
      return t(lang, 'errUnverified');
    case 'suspended':
      return detail ? `${t(lang, 'errSuspended')} (${detail})` : t(lang, 'errSuspended');
    case 'notFound':
      return t(lang, 'errNotFound');
    case 'tooLarge':
      return t(lang, 'errTooLarge');
    case 'quota':
      return withDetail(lang, quotaText(lang, err.retryAfter), detail);
    case 'rateLimited':
      return t(lang, 'errRateLimited', { minutes: Math.max(1, Math.ceil((err.retryAfter ?? 900) / 60)) });
    case 'server':
      return t(lang, 'errServer');
    case 'network':
      return t(lang, 'errNetwork');
  }
}
