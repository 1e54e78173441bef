import type { ReplyContent } from '../../api/replies/proof';
import type { ReplyTextKey } from './reply-i18n';

// The reply as the service takes it (POST /v1/messages/{id}/replies, api/replies/schemas.ts), and
// its answer in the page's words. The one request the page makes: same origin, no cookies, no
// referrer, only when the recipient presses send.

export interface ReplyBody {
  proof: string;
  from?: string;
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

export type ReplyOutcome = { ok: true } | { ok: false; failure: ReplyTextKey; detail?: string };

/** Base64 of bytes, in slices a multiple of 3 long so the pieces join without padding between them. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += 0xc000) {
    let binary = '';
    for (const b of bytes.subarray(at, at + 0xc000)) binary += String.fromCharCode(b);
    parts.push(btoa(binary));
  }
  return parts.join('');
}

export async function replyRequest(
  messageId: string,
  input: { from: string | undefined; text: string; files: File[] },
): Promise<{ body: ReplyBody; proofOver: ReplyContent }> {
  const attachments = await Promise.all(
    input.files.map(async (f) => ({
      filename: f.name,
      contentType: f.type || 'application/octet-stream',
      content: new Uint8Array(await f.arrayBuffer()),
    })),
  );
  return {
    proofOver: { messageId, from: input.from ?? '', text: input.text, attachments },
    body: {
      proof: '',
      ...(input.from ? { from: input.from } : {}),
      text: input.text,
      attachments: attachments.map((a) => ({ ...a, content: toBase64(a.content) })),
    },
  };
}

const FAILURES: Record<string, ReplyTextKey> = {
  forbidden: 'replyProof',
  not_found: 'replyGone',
  suspended: 'replySuspended',
  quota: 'replyLimit',
  payload_too_large: 'replyTooLarge',
};

export async function sendReplyRequest(messageId: string, body: ReplyBody): Promise<ReplyOutcome> {
  let response: Response;
  try {
    // Relative to the page (<service>/open), so it reaches the API under a path prefix too.
    response = await fetch(`v1/messages/${encodeURIComponent(messageId)}/replies`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, failure: 'replyOffline' };
  }
  if (response.ok) return { ok: true };
  let problem: { type?: unknown; detail?: unknown } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // Not problem+json (a proxy's page): the status alone decides.
  }
  const code = typeof problem.type === 'string' ? problem.type.replace(/^urn:vertraulich:problem:/, '') : '';
  const failure = FAILURES[code] ?? (response.status === 413 ? 'replyTooLarge' : undefined);
  if (failure) return { ok: false, failure };
  if (response.status >= 400 && response.status < 500 && typeof problem.detail === 'string') {
    return { ok: false, failure: 'replyRefused', detail: problem.detail };
  }
  return { ok: false, failure: 'replyFailed' };
}
