// The sealed ZIP's archive comment names the service's message id (issue 14): `vertraulich:msg_…`.
// The /open page reads it when a ZIP is dropped on it without the link's `#m=<id>`, to know which
// message a reply answers. It stands outside the encryption, which is fine: the id is not secret (the
// cover mail's /open link shows it too), and a reply also needs a proof made from the password
// (api/replies/proof.ts). The .eml inside stays the original's header block, nothing added to it.
// No imports: the browser bundle of /open uses this file too.

const PREFIX = 'vertraulich:';
const ID = /^[\w-]{1,100}$/;

/** Whether `id` is a plain token that can stand in a link, a comment and a header (`msg_…`). */
export function isMessageId(id: string): boolean {
  return ID.test(id);
}

/** The archive comment for a message id: short ASCII, as the ZIP format's comment field holds it. */
export function zipComment(messageId: string): Uint8Array {
  if (!isMessageId(messageId)) throw new Error('the message id must be a plain token');
  return new TextEncoder().encode(`${PREFIX}${messageId}`);
}

/** The message id in an archive comment `zipComment()` wrote; undefined for any other comment. */
export function idFromZipComment(comment: Uint8Array | undefined): string | undefined {
  if (!comment || comment.length === 0) return undefined;
  const text = new TextDecoder().decode(comment).trim();
  if (!text.startsWith(PREFIX)) return undefined;
  const id = text.slice(PREFIX.length);
  return isMessageId(id) ? id : undefined;
}
