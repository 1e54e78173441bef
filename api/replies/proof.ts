// Proof that a reply comes from someone who holds the message's password (issue 18), computed the
// same way by the /open page (which bundles this file) and by the service: WebCrypto only, so the
// browser and Node 20 run the same code.
//
//   key   = HKDF-SHA256(ikm = password, salt = "vertraulich reply v1", info = message id), 32 bytes
//   proof = HMAC-SHA256(key, "vertraulich reply v1" | SHA-256(reply content))
//
// The reply content is the message id, the sender's chosen address, the text and each attachment
// (name, type, SHA-256 of the bytes), each field length-prefixed so no two contents encode alike.
// Binding the content means a proof seen once (a proxy's log, a shared screen) cannot carry another
// text. The password itself never leaves the page. The passwords are generated with more than 100
// bits of entropy (api/seal/password.ts), so a fast KDF is enough: guessing them is out of reach
// with or without stretching. The service keeps the password (encrypted under MASTER_KEY) and
// recomputes the proof; api/replies/replies.ts compares the two in constant time.

export const PROOF_LABEL = 'vertraulich reply v1';

export interface ReplyAttachmentContent {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface ReplyContent {
  messageId: string;
  /** The address the reply is from: one of the message's recipients. */
  from: string;
  text: string;
  attachments: ReplyAttachmentContent[];
}

const utf8 = new TextEncoder();

/** A copy in a fresh ArrayBuffer: WebCrypto's typings want BufferSource over ArrayBuffer. */
function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buffer(bytes)));
}

function framed(fields: Uint8Array[]): Uint8Array {
  const total = fields.reduce((n, f) => n + 4 + f.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const field of fields) {
    view.setUint32(at, field.length);
    out.set(field, at + 4);
    at += 4 + field.length;
  }
  return out;
}

/** SHA-256 of the reply's content in the framing above. */
export async function replyDigest(c: ReplyContent): Promise<Uint8Array> {
  const fields: Uint8Array[] = [utf8.encode(c.messageId), utf8.encode(c.from), utf8.encode(c.text)];
  for (const a of c.attachments) {
    fields.push(utf8.encode(a.filename), utf8.encode(a.contentType), await sha256(a.content));
  }
  return sha256(framed(fields));
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The proof as raw bytes (32). */
export async function replyProofBytes(password: string, c: ReplyContent): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey('raw', buffer(utf8.encode(password)), 'HKDF', false, [
    'deriveKey',
  ]);
  const key = await crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: buffer(utf8.encode(PROOF_LABEL)),
      info: buffer(utf8.encode(c.messageId)),
    },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  const digest = await replyDigest(c);
  const label = utf8.encode(PROOF_LABEL);
  const data = new Uint8Array(label.length + digest.length);
  data.set(label);
  data.set(digest, label.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, buffer(data)));
}

/** The proof as the page sends it: base64url without padding (43 characters). */
export async function replyProof(password: string, c: ReplyContent): Promise<string> {
  return toBase64Url(await replyProofBytes(password, c));
}
