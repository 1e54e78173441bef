import { describe, expect, it } from 'vitest';
import { draftFromDetails } from './draft-reader';

describe('draftFromDetails', () => {
  it('reads a plain-text draft as text only, recipients as lists', () => {
    const draft = draftFromDetails(
      {
        to: ['bob@example.org', ' '],
        cc: 'carol@example.org',
        subject: 'Befund',
        isPlainText: true,
        body: '<html><body>Hallo</body></html>',
        plainTextBody: 'Hallo',
      },
      [],
    );
    expect(draft).toEqual({
      to: ['bob@example.org'],
      cc: ['carol@example.org'],
      bcc: [],
      subject: 'Befund',
      text: 'Hallo',
      attachments: [],
    });
  });

  it('keeps both HTML and text of an HTML draft, and the attachments as given', () => {
    const attachments = [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'JVBERg==' }];
    const draft = draftFromDetails(
      { to: ['bob@example.org'], isPlainText: false, body: '<p>Hallo</p>', plainTextBody: 'Hallo' },
      attachments,
    );
    expect(draft.html).toBe('<p>Hallo</p>');
    expect(draft.text).toBe('Hallo');
    expect(draft.subject).toBe('');
    expect(draft.attachments).toBe(attachments);
  });
});
