import type { ApiErrorKind } from '../../ui/core/api-client';
import type { DraftProblem, MessageResult } from '../../ui/core/draft';
import type { Lang } from '../../ui/core/i18n';
import type { TabChoices } from './settings';

// The messages between the popup (and the options and result pages) and the background script.
// The popup is only a view: every action runs in the background, so the compose_action popup, the
// onBeforeSend guard and the test build's hook all take the same code path.

export type Request =
  | { type: 'state'; tabId: number }
  | { type: 'signIn'; email: string; password: string }
  | { type: 'useApiKey'; apiKey: string }
  | { type: 'signOut' }
  | { type: 'resendLink' }
  | { type: 'choose'; tabId: number; choices: Partial<Omit<TabChoices, 'idempotencyKey'>> }
  | { type: 'seal'; tabId: number }
  | { type: 'result'; id: string }
  | { type: 'resendSms'; id: string; smsId: string };

export interface PopupState {
  lang: Lang;
  serviceUrl: string;
  /** Undefined when nobody is signed in. */
  signedInAs: { email?: string; kind: 'session' | 'apiKey' } | undefined;
  choices: TabChoices;
  recipients: string[];
  attachments: string[];
}

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: string;
      problems?: DraftProblem[];
      /** What the API said, so the popup can offer what fits (e.g. resend the confirmation link). */
      kind?: ApiErrorKind;
    };

export interface SealResult extends MessageResult {
  subject: string;
}

export function isRequest(value: unknown): value is Request {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}
