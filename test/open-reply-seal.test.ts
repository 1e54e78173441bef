import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { SealInputError, seal } from '../api/seal/index';
import { extractWith7z, listWith7z, parseSealed, pdfToText } from './helpers/sealed';

// What the sealing core does for replies (issue 18): a message with a service id names it in the
// /open link and in the ZIP's comment (issue 14: never as a header in the .eml); a reply gets its own
// cover and reuses the given password.

const draft = {
  from: { name: 'Dr. Anna Schäfer', address: 'praxis@example.org' },
  to: ['patient@example.net'],
  subject: 'Ihr Befund vom 2. März',
  text: 'Die Werte sind unauffällig.',
};

describe('seal() with a message id', () => {
  it('links to /open#m=<id> and names the id in the ZIP comment, not in the .eml', async () => {
    const result = await seal(
      { draft },
      sealOptions({ publicUrl: 'https://vertraulich.example', messageId: 'msg_Abc-123_x' }),
    );
    const sealed = await parseSealed(result.sealedMessage);
    expect(sealed.text).toContain('https://vertraulich.example/open#m=msg_Abc-123_x –');
    expect(sealed.html).toContain('<a href="https://vertraulich.example/open#m=msg_Abc-123_x">');
    expect(sealed.text).toContain(
      'Vertraulich antworten: die Nachricht im Browser öffnen (Link oben) und „Antworten“ wählen.',
    );
    const files = await extractWith7z(sealed.zip, result.password);
    const eml = files.get('nachricht.eml')?.toString('utf8') ?? '';
    expect(eml).not.toContain('X-Vertraulich');
    expect(eml).toContain('From: =?UTF-8?Q?Dr=2E_Anna_Sch=C3=A4fer?= <praxis@example.org>\r\n');
    expect(await listWith7z(sealed.zip)).toMatch(/^Comment = vertraulich:msg_Abc-123_x$/m);
  });

  it('leaves an included original byte for byte and still names the id in the ZIP comment', async () => {
    const result = await seal({ draft }, sealOptions({ messageId: 'msg_1', includeOriginal: true }));
    const { zip } = await parseSealed(result.sealedMessage);
    const files = await extractWith7z(zip, result.password);
    expect(files.get('nachricht.eml')?.toString('utf8')).not.toContain('X-Vertraulich');
    expect(await listWith7z(zip)).toMatch(/^Comment = vertraulich:msg_1$/m);
  });

  it('refuses an id that is not a plain token', async () => {
    await expect(seal({ draft }, sealOptions({ messageId: 'msg_1\r\nBcc: x@example.org' }))).rejects.toThrow(
      SealInputError,
    );
  });
});

describe('seal() for a reply', () => {
  it('says who answers which message, keeps the password given, offers no reply link', async () => {
    const password = 'Kx7m-P2qr-9Tzb-W4nd-Hs3e';
    const result = await seal(
      {
        draft: {
          from: { address: 'patient@example.net' },
          to: ['praxis@example.org'],
          subject: 'AW: Ihr Befund vom 2. März',
          text: 'Danke, eine Frage noch.',
        },
      },
      sealOptions({
        password,
        publicUrl: 'https://vertraulich.example',
        sender: { address: 'patient@example.net' },
        reply: {
          from: 'patient@example.net',
          reference: 'Ihre Nachricht msg_1 vom 2. März 2026',
          inReplyTo: '<orig@vertraulich.example>',
        },
      }),
    );
    expect(result.password).toBe(password);
    const sealed = await parseSealed(result.sealedMessage);
    expect(sealed.mail.subject).toBe('Vertrauliche Antwort von patient@example.net');
    expect(sealed.text).toContain(
      'patient@example.net hat vertraulich auf Ihre Nachricht msg_1 vom 2. März 2026 geantwortet.',
    );
    expect(sealed.text).not.toContain('Befund');
    expect(sealed.text).not.toContain('#m=');
    expect(sealed.headers.get('in-reply-to')).toBe('<orig@vertraulich.example>');
    expect(sealed.zipName).toBe('vertrauliche-antwort.zip');
    expect(await pdfToText(sealed.pdf, password)).toContain('Danke, eine Frage noch.');
  });
});
