import PostalMime, { type Address } from 'postal-mime';

// What the page needs to answer an opened message (issue 18): the service's message id and the
// addresses the recipient may answer as. The id comes from inside the encryption (the header the
// sealing core writes into the .eml) or, for a message without it, from the link in the cover mail
// (`/open#m=<id>`: a fragment, which the browser never sends to a server).

const ID = /^[\w-]{1,100}$/;

export interface ReplyContext {
  messageId: string;
  /** To and Cc of the message: the reply is from one of them. */
  recipients: string[];
}

/** The message id of `#m=<id>`, if the fragment carries a well-formed one. */
export function idFromFragment(hash: string): string | undefined {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('m');
  return id && ID.test(id) ? id : undefined;
}

function addresses(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((a) => (a.address ? [a.address] : []));
}

/** Undefined when the message names no id: then it can only be answered by mail. */
export async function replyContextOf(
  eml: Uint8Array,
  fragmentId: string | undefined,
): Promise<ReplyContext | undefined> {
  const email = await PostalMime.parse(eml, { attachmentEncoding: 'arraybuffer' });
  const header = email.headers.find((h) => h.key === 'x-vertraulich-message-id')?.value.trim();
  const messageId = header && ID.test(header) ? header : fragmentId;
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
