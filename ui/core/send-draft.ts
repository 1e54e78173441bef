// ui/core/send-draft: "seal and send this draft", the one flow behind the Outlook pane's and the
// Thunderbird popup's button (and Thunderbird's send guard). The host reads its compose window into
// a ClientDraft; from there it is the same everywhere: what stops it before anything is posted, one
// Idempotency-Key per message kept across retries (so a retry after a lost answer sends nothing
// twice), the API call, and one plain sentence when it fails. The key lives where the host keeps
// state: the pane in memory, Thunderbird in storage.local (its background may be unloaded between
// two presses).

import { type ApiClient, ApiError, type ApiErrorKind, errorText, type MessageResult } from './api-client';
import {
  buildMessageRequest,
  type ClientDraft,
  checkDraft,
  type DraftProblem,
  type SendChoices,
} from './draft';
import { type Lang, t } from './i18n';

export interface IdempotencyKeyStore {
  get(): Promise<string | undefined> | string | undefined;
  set(key: string | undefined): Promise<void> | void;
}

export type SendOutcome =
  | { ok: true; result: MessageResult }
  | {
      ok: false;
      /** One or two plain sentences, ending with "Nothing was sent." */
      text: string;
      /** Set when the API refused or failed: the pane and popup offer what fits (sign in, resend link). */
      kind?: ApiErrorKind;
      /** Set when the draft itself must change first. */
      problems?: DraftProblem[];
    };

/** 128 random bits in hex; getRandomValues works in every context (randomUUID needs a secure one). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function problemText(lang: Lang, problem: DraftProblem): string {
  return problem.code === 'noRecipients'
    ? t(lang, 'noRecipients')
    : t(lang, 'badPhone', { phone: problem.phone });
}

/** A refusal (4xx) stored nothing, so the fixed draft is a new request; after a 5xx or a lost answer it may have. */
function mayHaveArrived(err: unknown): boolean {
  return !(err instanceof ApiError) || err.kind === 'network' || err.kind === 'server';
}

export async function sendDraft(options: {
  api: Pick<ApiClient, 'sendMessage'>;
  keys: IdempotencyKeyStore;
  draft: ClientDraft;
  choices: SendChoices;
}): Promise<SendOutcome> {
  const { api, keys, draft, choices } = options;
  const lang = choices.language;
  const problems = checkDraft(draft, choices);
  if (problems.length > 0) {
    const words = problems.map((p) => problemText(lang, p)).join(' ');
    return { ok: false, text: `${words} ${t(lang, 'nothingSent')}`, problems };
  }
  const key = (await keys.get()) ?? newIdempotencyKey();
  await keys.set(key);
  try {
    const result = await api.sendMessage(buildMessageRequest(draft, choices), key);
    await keys.set(undefined);
    return { ok: true, result };
  } catch (err) {
    if (!mayHaveArrived(err)) await keys.set(undefined);
    return {
      ok: false,
      text: `${errorText(err, lang)} ${t(lang, 'nothingSent')}`,
      kind: err instanceof ApiError ? err.kind : 'network',
    };
  }
}
