import PostalMime, { type Address } from 'postal-mime';
import { idFromZipComment, isMessageId } from '../../api/seal/zip-comment';
import type { OpenedZip } from './unzip';

// What the page needs to answer an opened message (issue 18): the service's message id and the
// addresses the recipient may answer as. The id comes from the ZIP's archive comment, which the
// sealing core writes (api/seal/zip-comment.ts), or from the `X-Vertraulich-Message-Id` header that
// ZIPs sealed before issue 14 carry at the top of their .eml, or, for a message with neither, from
// the link in the cover mail (`/open#m=<id>`: a fragment, which the browser never sends to a server).

/** Written by the sealing core until issue 14; read so that older sealed mail keeps its reply. */
const LEGACY_ID_HEADER = 'x-vertraulich-message-id';

export interface ReplyContext {
  messageId: string;
  /** To and Cc of the message: the reply is from one of them. */
  recipients: string[];
}

/** The message id of `#m=<id>`, if the fragment carries a well-formed one. */
export function idFromFragment(hash: string): string | undefined {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('m');
  return id && isMessageId(id) ? id : undefined;
}

function addresses(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((a) => (a.address ? [a.address] : []));
}

/** Undefined when neither the ZIP nor the link names an id: then it can only be answered by mail. */
export async function replyContextOf(
  opened: Pick<OpenedZip, 'message' | 'comment'>,
  fragmentId: string | undefined,
): Promise<ReplyContext | undefined> {
  const email = await PostalMime.parse(opened.message.bytes, { attachmentEncoding: 'arraybuffer' });
  const header = email.headers.find((h) => h.key === LEGACY_ID_HEADER)?.value.trim();
  const messageId =
    idFromZipComment(opened.comment) ?? (header && isMessageId(header) ? header : undefined) ?? fragmentId;
  if (!messageId) return undefined;
  const seen = new Set<string>();
  const recipients = [...addresses(email.to), ...addresses(email.cc)].filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key) || /@sms\.local$/i.test(a)) return false;
    seen.add(key);
    return true;
  });
  return { messageId, recipients };
}
