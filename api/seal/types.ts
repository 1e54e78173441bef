// The sealing core's contract: bytes in, bytes out. The CLI, the HTTP API and the SMTP gateway all
// call `seal(input, options)` from api/seal/index.ts with these types; it knows nothing of HTTP,
// SMTP or the database.

import type { SealTexts } from './texts';

export type { Language } from './texts';
export type ZipMethod = 'aes256' | 'zipcrypto';

export interface DraftAttachment {
  filename: string;
  contentType?: string;
  content: Uint8Array;
  /** Set for inline images referenced from the HTML body as cid:… */
  contentId?: string;
}

/** A message as the add-ins, the portal and the API hand it over (not yet MIME). */
export interface Draft {
  from: { name?: string; address: string };
  to: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: DraftAttachment[];
  date?: Date;
}

/** Either raw RFC 5322 bytes (CLI, SMTP gateway) or a structured draft (API, add-ins, portal). */
export type SealInput = { raw: Uint8Array } | { draft: Draft };

export interface ReplyCover {
  /** The recipient who answers (their address as the original named it). */
  from: string;
  /** A neutral name for the message answered, e.g. its date and id; never its subject. */
  reference: string;
  /** Message-ID of the sealed mail answered, for In-Reply-To and References (threads in mail programs). */
  inReplyTo?: string;
}

export interface SealOptions {
  /**
   * The words of the cover, the PDF and the ZIP's names, in the message's language (texts.ts): the
   * core has none of its own; callers build them from the catalog (api/i18n/seal-texts.ts).
   */
  texts: SealTexts;
  zip?: ZipMethod; // default 'aes256'
  subjectInClear?: boolean; // default false
  /** Put the original message byte for byte into the ZIP (attachments and all). */
  includeOriginal?: boolean; // default false
  /** From of the sealed mail, e.g. MAIL_FROM `vertraulich <noreply@localhost>`; shown with the sender's name. */
  mailFrom?: string;
  /** The real sender: named in From's display name and used as Reply-To. Default: the input's From. */
  sender?: { name?: string; address: string };
  /** Header recipients of the sealed mail. Default: the input's To/Cc (minus …@sms.local). Bcc never appears. */
  to?: string[];
  cc?: string[];
  /** The service's PUBLIC_URL; the cover text links to `${publicUrl}/open`. Omitted: no link. */
  publicUrl?: string;
  /**
   * A fixed password instead of a fresh one: a reply is sealed with the password of the message it
   * answers (api/replies); otherwise only tests and the benchmark pass one.
   */
  password?: string;
  /**
   * The service's id of this message (`msg_…`, not secret): the /open link gains `#m=<id>` and the
   * ZIP the archive comment `vertraulich:<id>` (zip-comment.ts), so the page knows what a reply
   * answers even for a ZIP dropped on it without the link. The .eml inside gets no header for it.
   */
  messageId?: string;
  /** This is a reply (api/replies): the cover says who answers which message; it offers no reply itself. */
  reply?: ReplyCover;
  /** Clock for the Date header (tests). */
  now?: Date;
}

export interface SealResult {
  /** The sealed message, RFC 5322 bytes (CRLF line ends), ready for the relay. */
  sealedMessage: Buffer;
  password: string;
  /** Original subject (for the sender's history, stored encrypted); '' when there was none. */
  originalSubject: string;
  /** SHA-256 hex of the original input bytes (raw input) or of the MIME built from the draft. */
  originalSha256: string;
  /** The sealed mail's Message-ID header value. */
  messageId: string;
  /** True when the ZIP holds the verbatim original because the input could not be parsed, or parsing dropped bytes. */
  fallbackToOriginal: boolean;
  /** Names of the files inside the ZIP, in order. */
  zipEntries: string[];
}
