import { bytesToBase64, type ClientDraft } from '../../ui/core/draft';
import { type ComposeDetails, getMessenger } from './messenger';

// The thin adapter between Thunderbird's compose window and ui/core: everything after ClientDraft
// is shared with the Outlook pane and the portal.

function list(value: ComposeDetails['to']): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((a) => a.trim()).filter(Boolean);
}

/** Builds the draft from compose details as compose.getComposeDetails reports them. */
export function draftFromDetails(
  details: ComposeDetails,
  attachments: ClientDraft['attachments'],
): ClientDraft {
  const draft: ClientDraft = {
    to: list(details.to),
    cc: list(details.cc),
    bcc: list(details.bcc),
    subject: details.subject ?? '',
    attachments,
  };
  // A plain-text draft has no HTML worth sealing; an HTML draft keeps both so the PDF can use the text.
  if (details.isPlainText) {
    draft.text = details.plainTextBody ?? '';
  } else {
    if (details.body !== undefined) draft.html = details.body;
    if (details.plainTextBody !== undefined) draft.text = details.plainTextBody;
  }
  return draft;
}

/** Reads the compose tab: recipients, subject, body and every attachment's bytes. */
export async function readDraft(tabId: number): Promise<ClientDraft> {
  const compose = getMessenger().compose;
  const details = await compose.getComposeDetails(tabId);
  const attachments = await Promise.all(
    (await compose.listAttachments(tabId)).map(async (a) => {
      const file = await compose.getAttachmentFile(a.id);
      return {
        filename: a.name || file.name,
        contentType: file.type || 'application/octet-stream',
        contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())),
      };
    }),
  );
  return draftFromDetails(details, attachments);
}

/** Names only, for the popup's summary (no bytes read). */
export async function attachmentNames(tabId: number): Promise<string[]> {
  return (await getMessenger().compose.listAttachments(tabId)).map((a) => a.name);
}
