// ui/core/draft: the host-independent message model. Each client reads its host's compose window
// into a `ClientDraft` (Outlook via Office.js, Thunderbird via compose.getComposeDetails, the portal
// from its form), then `buildMessageRequest` makes the exact body of POST /v1/messages
// (CONTRACT.md). Recipients written as `<phone>@sms.local` are phone numbers for the password SMS,
// not mail recipients (`smsPhonesOf`); `checkDraft` finds what would make the API refuse it.

import type { MessageRequest, MessageResult } from './api-client';
import type { Lang } from './i18n';

export type ZipMethod = 'aes256' | 'zipcrypto';

export interface ClientAttachment {
  filename: string;
  contentType: string;
  /** The file's bytes, base64 (standard alphabet, no line breaks). */
  contentBase64: string;
}

export interface ClientDraft {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html?: string;
  text?: string;
  attachments: ClientAttachment[];
}

export interface SendChoices {
  /** Phone numbers typed by the user (any format; national numbers are read as German by the API). */
  phones: string[];
  zip: ZipMethod;
  language: Lang;
  subjectInClear?: boolean;
  includeOriginal?: boolean;
}

export type { MessageRequest, MessageResult } from './api-client';

/** The body buildMessageRequest makes: every option spelt out. */
export type DraftRequest = MessageRequest & Required<Pick<MessageRequest, 'subject' | 'options'>>;

export type DeliveryStatus = MessageResult['status'] | MessageResult['sms'][number]['status'];

const SMS_DOMAIN = /@sms\.local$/i;

export function isSmsAddress(address: string): boolean {
  return SMS_DOMAIN.test(address.trim());
}

/** The phone numbers named as `<phone>@sms.local` among the draft's To/Cc/Bcc, in order, once each. */
export function smsPhonesOf(draft: Pick<ClientDraft, 'to' | 'cc' | 'bcc'>): string[] {
  const phones = [...draft.to, ...draft.cc, ...draft.bcc]
    .map((a) => a.trim())
    .filter(isSmsAddress)
    .map((a) => a.replace(SMS_DOMAIN, ''));
  return [...new Set(phones)];
}

/** The real mail recipients (everything that is not `…@sms.local`). */
export function mailRecipientsOf(draft: Pick<ClientDraft, 'to' | 'cc' | 'bcc'>): string[] {
  return [...draft.to, ...draft.cc, ...draft.bcc].map((a) => a.trim()).filter((a) => a && !isSmsAddress(a));
}

/** Splits a phone field ("0170 1234567, +49 171 7654321") into numbers; separators: comma, semicolon, newline. */
export function parsePhoneField(value: string): string[] {
  return value
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A light plausibility check; the API does the real parsing (libphonenumber, German by default). */
export function looksLikePhone(value: string): boolean {
  return /^\+?\d{5,15}$/.test(value.replace(/[\s\-/().]/g, ''));
}

export type DraftProblem = { code: 'noRecipients' } | { code: 'badPhone'; phone: string };

/** What the user must fix before sending; empty when the draft can go. */
export function checkDraft(draft: ClientDraft, choices: Pick<SendChoices, 'phones'>): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (mailRecipientsOf(draft).length === 0) problems.push({ code: 'noRecipients' });
  for (const phone of [...choices.phones, ...smsPhonesOf(draft)]) {
    if (!looksLikePhone(phone)) problems.push({ code: 'badPhone', phone });
  }
  return problems;
}

/**
 * The body for POST /v1/messages. `…@sms.local` recipients stay in to/cc/bcc (the API reads them
 * as phones); typed phones go to `sms`, leaving out any already named as a recipient.
 */
export function buildMessageRequest(draft: ClientDraft, choices: SendChoices): DraftRequest {
  const clean = (list: string[]) => list.map((a) => a.trim()).filter(Boolean);
  const fromDraft = new Set(smsPhonesOf(draft).map(digitsOf));
  const sms = [...new Set(choices.phones.map((p) => p.trim()).filter(Boolean))].filter(
    (p) => !fromDraft.has(digitsOf(p)),
  );
  const request: DraftRequest = {
    to: clean(draft.to),
    cc: clean(draft.cc),
    bcc: clean(draft.bcc),
    subject: draft.subject,
    attachments: draft.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType || 'application/octet-stream',
      content: a.contentBase64,
    })),
    sms,
    options: {
      zip: choices.zip,
      language: choices.language,
      subjectInClear: choices.subjectInClear ?? false,
      includeOriginal: choices.includeOriginal ?? false,
    },
  };
  if (draft.html !== undefined) request.html = draft.html;
  if (draft.text !== undefined) request.text = draft.text;
  return request;
}

function digitsOf(phone: string): string {
  return phone.replace(/[^\d+]/g, '');
}

/** Bytes → base64 in any browser or Node (for hosts that hand over File/ArrayBuffer, not base64). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** The decoded size in bytes of a base64 string, without decoding it. */
export function base64Size(b64: string): number {
  const len = b64.replace(/\s/g, '').length;
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((len * 3) / 4) - padding;
}
