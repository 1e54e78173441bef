// The only place the pane touches Office.js: it reads the compose item into a plain ClientDraft
// (ui/core), keeps the confidential mark where the on-send handler finds it, keeps the sign-in in
// roaming settings, and closes the draft. Every *Async callback goes through `officeAsync`.

import type { ClientAttachment, ClientDraft } from '../../ui/core/draft';
import type {
  AttachmentContent,
  AttachmentDetails,
  Callback,
  ComposeItem,
  CustomProperties,
  OfficeContext,
} from './office-types';

export class OfficeError extends Error {
  override name = 'OfficeError';
}

/** Turns one callback-style Office.js call into a promise (rejects with the host's message). */
export function officeAsync<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (result.status === 'succeeded') resolve(result.value);
        else reject(new OfficeError(result.error?.message ?? 'Office.js call failed'));
      });
    } catch (err) {
      reject(err);
    }
  });
}

const addresses = async (item: ComposeItem, field: 'to' | 'cc' | 'bcc') =>
  (await officeAsync(item[field].getAsync.bind(item[field]))).map((r) => r.emailAddress).filter(Boolean);

/** Reads To/Cc/Bcc, subject, HTML and text body and every attachment's bytes. */
export async function readDraft(item: ComposeItem): Promise<ClientDraft> {
  const [to, cc, bcc, subject, html, text, details] = await Promise.all([
    addresses(item, 'to'),
    addresses(item, 'cc'),
    addresses(item, 'bcc'),
    officeAsync<string>((cb) => item.subject.getAsync(cb)),
    officeAsync<string>((cb) => item.body.getAsync('html', cb)),
    officeAsync<string>((cb) => item.body.getAsync('text', cb)),
    officeAsync<AttachmentDetails[]>((cb) => item.getAttachmentsAsync(cb)),
  ]);
  const attachments: ClientAttachment[] = [];
  for (const a of details) {
    const content = await officeAsync<AttachmentContent>((cb) => item.getAttachmentContentAsync(a.id, cb));
    if (content.format === 'base64') {
      attachments.push({
        filename: a.name,
        contentType: a.contentType || 'application/octet-stream',
        contentBase64: content.content,
      });
    } else if (content.format === 'eml' || content.format === 'iCalendar') {
      // Attached messages and invitations come as text; they travel as files of their own.
      const isEml = content.format === 'eml';
      const ext = isEml ? '.eml' : '.ics';
      attachments.push({
        filename: a.name.toLowerCase().endsWith(ext) ? a.name : `${a.name}${ext}`,
        contentType: isEml ? 'message/rfc822' : 'text/calendar',
        contentBase64: utf8ToBase64(content.content),
      });
    }
    // 'url' (cloud attachments) is only a link to a file elsewhere; there are no bytes to seal.
  }
  return { to, cc, bcc, subject, html, text, attachments };
}

function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// The mark the pane sets and the on-send handler reads. sessionData (Mailbox 1.11) is what
// Microsoft recommends for sharing state between a pane and an event handler; custom properties
// are the fallback for older clients.
export const CONFIDENTIAL_KEY = 'vertraulich.confidential';

export async function setConfidentialMark(item: ComposeItem, on: boolean): Promise<void> {
  const props = await officeAsync<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  if (on) props.set(CONFIDENTIAL_KEY, true);
  else props.remove(CONFIDENTIAL_KEY);
  await officeAsync<void>((cb) => props.saveAsync(cb));
  const session = item.sessionData;
  if (session) {
    await officeAsync<void>((cb) =>
      on ? session.setAsync(CONFIDENTIAL_KEY, 'true', cb) : session.removeAsync(CONFIDENTIAL_KEY, cb),
    );
  }
}

export async function hasConfidentialMark(item: ComposeItem): Promise<boolean> {
  const session = item.sessionData;
  if (session) {
    const value = await officeAsync<string>((cb) => session.getAsync(CONFIDENTIAL_KEY, cb)).catch(() => '');
    if (value === 'true') return true;
  }
  const props = await officeAsync<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  return props.get(CONFIDENTIAL_KEY) === true;
}

/**
 * Closes the draft without sending it. Returns false where the host cannot discard it silently
 * (closeAsync with discardItem is Mailbox 1.14): then the pane asks the user to discard it.
 */
export async function discardDraft(context: OfficeContext): Promise<boolean> {
  const item = context.mailbox.item;
  if (!item?.closeAsync || !context.requirements.isSetSupported('Mailbox', '1.14')) return false;
  const close = item.closeAsync.bind(item);
  await officeAsync<void>((cb) => close({ discardItem: true }, cb));
  return true;
}

export interface StoredSignIn {
  email: string;
  /** A session token from POST /v1/auth/login, or an API key. */
  credential: string;
  kind: 'session' | 'apiKey';
  expiresAt?: string;
}

const SIGN_IN_KEY = 'vertraulich.signIn';

export function loadSignIn(context: OfficeContext): StoredSignIn | undefined {
  const value = context.roamingSettings.get(SIGN_IN_KEY);
  if (!value || typeof value !== 'object') return undefined;
  const s = value as Partial<StoredSignIn>;
  if (typeof s.credential !== 'string' || typeof s.email !== 'string') return undefined;
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return undefined;
  return {
    email: s.email,
    credential: s.credential,
    kind: s.kind === 'apiKey' ? 'apiKey' : 'session',
    expiresAt: s.expiresAt,
  };
}

export async function saveSignIn(context: OfficeContext, signIn: StoredSignIn | undefined): Promise<void> {
  if (signIn) context.roamingSettings.set(SIGN_IN_KEY, signIn);
  else context.roamingSettings.remove(SIGN_IN_KEY);
  await officeAsync<void>((cb) => context.roamingSettings.saveAsync(cb));
}

/** Only To/Cc/Bcc (cheap; for showing the …@sms.local phones before sending). */
export async function readRecipients(item: ComposeItem): Promise<Pick<ClientDraft, 'to' | 'cc' | 'bcc'>> {
  const [to, cc, bcc] = await Promise.all([
    addresses(item, 'to'),
    addresses(item, 'cc'),
    addresses(item, 'bcc'),
  ]);
  return { to, cc, bcc };
}

/** The attachments' names only (no contents), for the summary above the send button. */
export async function readAttachmentNames(item: ComposeItem): Promise<string[]> {
  const details = await officeAsync<AttachmentDetails[]>((cb) => item.getAttachmentsAsync(cb));
  return details.filter((a) => a.attachmentType !== 'cloud').map((a) => a.name);
}
