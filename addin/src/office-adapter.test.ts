import { describe, expect, it } from 'vitest';
import { discardDraft, loadSignIn, OfficeError, officeAsync, readDraft } from './office-adapter';
import type {
  AsyncResult,
  AttachmentContent,
  AttachmentDetails,
  ComposeItem,
  OfficeContext,
} from './office-types';

const ok = <T>(value: T): AsyncResult<T> => ({ status: 'succeeded', value });
const recipients = (list: string[]) => ({
  getAsync: (cb: (r: AsyncResult<{ emailAddress: string }[]>) => void) =>
    cb(ok(list.map((emailAddress) => ({ emailAddress })))),
});

function item(
  attachments: (AttachmentDetails & { content: AttachmentContent })[],
  failContent = false,
): ComposeItem {
  return {
    to: recipients(['a@example.org']),
    cc: recipients([]),
    bcc: recipients(['b@example.org']),
    subject: { getAsync: (cb) => cb(ok('Betreff')) },
    body: { getAsync: (type, cb) => cb(ok(type === 'html' ? '<p>Hallo</p>' : 'Hallo')) },
    getAttachmentsAsync: (cb) => cb(ok(attachments)),
    getAttachmentContentAsync: (id, cb) => {
      const found = attachments.find((a) => a.id === id);
      if (failContent || !found)
        return cb({ status: 'failed', value: { format: '', content: '' }, error: { message: 'gone' } });
      cb(ok(found.content));
    },
    loadCustomPropertiesAsync: () => undefined,
  };
}

function context(
  version: number,
  it: ComposeItem | null,
  roaming: Record<string, unknown> = {},
): OfficeContext {
  return {
    displayLanguage: 'de-DE',
    roamingSettings: {
      get: (n) => roaming[n],
      set: () => undefined,
      remove: () => undefined,
      saveAsync: (cb) => cb?.(ok(undefined)),
    },
    requirements: { isSetSupported: (_n, min = '1.1') => version >= Number(min.split('.')[1]) },
    mailbox: { item: it },
  };
}

describe('readDraft', () => {
  it('reads recipients, subject, both bodies and file attachments as base64', async () => {
    const draft = await readDraft(
      item([
        {
          id: '1',
          name: 'a.pdf',
          contentType: 'application/pdf',
          size: 3,
          attachmentType: 'file',
          content: { format: 'base64', content: 'JVBE' },
        },
      ]),
    );
    expect(draft).toEqual({
      to: ['a@example.org'],
      cc: [],
      bcc: ['b@example.org'],
      subject: 'Betreff',
      html: '<p>Hallo</p>',
      text: 'Hallo',
      attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'JVBE' }],
    });
  });

  it('turns an attached message into an .eml file, skips cloud links', async () => {
    const eml = 'Subject: Grüße\r\n\r\nText';
    const draft = await readDraft(
      item([
        {
          id: '1',
          name: 'Weitergeleitet',
          size: 1,
          attachmentType: 'item',
          content: { format: 'eml', content: eml },
        },
        {
          id: '2',
          name: 'Link',
          size: 1,
          attachmentType: 'cloud',
          content: { format: 'url', content: 'https://x' },
        },
      ]),
    );
    expect(draft.attachments).toHaveLength(1);
    expect(draft.attachments[0]?.filename).toBe('Weitergeleitet.eml');
    expect(draft.attachments[0]?.contentType).toBe('message/rfc822');
    expect(Buffer.from(draft.attachments[0]?.contentBase64 ?? '', 'base64').toString('utf8')).toBe(eml);
  });

  it('rejects with an OfficeError when Outlook does not hand over an attachment', async () => {
    const broken = item(
      [{ id: '1', name: 'a', size: 1, attachmentType: 'file', content: { format: 'base64', content: '' } }],
      true,
    );
    await expect(readDraft(broken)).rejects.toBeInstanceOf(OfficeError);
  });
});

describe('officeAsync', () => {
  it('rejects when the call itself throws', async () => {
    await expect(
      officeAsync(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});

describe('discardDraft', () => {
  it('closes with discardItem on Mailbox 1.14', async () => {
    const calls: unknown[] = [];
    const it14 = {
      ...item([]),
      closeAsync: (o: { discardItem: boolean }, cb: (r: AsyncResult<void>) => void) => {
        calls.push(o);
        cb(ok(undefined));
      },
    };
    expect(await discardDraft(context(14, it14))).toBe(true);
    expect(calls).toEqual([{ discardItem: true }]);
  });

  it('reports false below 1.14, so the pane asks the user to discard it', async () => {
    expect(await discardDraft(context(13, item([])))).toBe(false);
  });
});

describe('loadSignIn', () => {
  it('forgets a session whose expiry has passed', () => {
    const past = { email: 'a@b.de', credential: 'tok', kind: 'session', expiresAt: '2000-01-01T00:00:00Z' };
    expect(loadSignIn(context(14, null, { 'vertraulich.signIn': past }))).toBeUndefined();
    const future = { ...past, expiresAt: '2999-01-01T00:00:00Z' };
    expect(loadSignIn(context(14, null, { 'vertraulich.signIn': future }))?.credential).toBe('tok');
  });
});
