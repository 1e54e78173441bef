import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptInput } from './receipt';

const input: ReceiptInput = {
  to: { address: 'alice@example.org', name: 'Dr. Alice Müller' },
  mailFrom: 'vertraulich <noreply@vertraulich.test>',
  language: 'de',
  password: 'Kx7m-P2qr-9Tzb-W4nd-Hs3e',
  subject: 'Befund Müller',
  recipients: ['bob@example.net', 'carol@example.com'],
  phones: ['+4917055555555'],
  messageId: 'msg_abc',
  publicUrl: 'https://vertraulich.test',
};

describe('receipt mail', () => {
  it('goes to the sender only, from MAIL_FROM, with password, subject and recipients', async () => {
    const { envelope, raw } = await buildReceipt(input);
    expect(envelope).toEqual({ from: 'noreply@vertraulich.test', to: ['alice@example.org'] });
    const mail = await simpleParser(raw);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe('alice@example.org');
    expect(mail.from?.value[0]?.address).toBe('noreply@vertraulich.test');
    expect(mail.subject).toBe('Passwort für Ihre vertrauliche Nachricht „Befund Müller“');
    expect(mail.text).toContain('Passwort: Kx7m-P2qr-9Tzb-W4nd-Hs3e');
    expect(mail.text).toContain('Empfänger: bob@example.net, carol@example.com');
    expect(mail.text).toContain('+4917055555555');
    expect(mail.text).toContain('https://vertraulich.test/');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.attachments).toHaveLength(0);
  });

  it('keeps the password out of the Subject line', async () => {
    const mail = await simpleParser((await buildReceipt(input)).raw);
    expect(mail.subject).not.toContain(input.password);
  });

  it('speaks English for an English-speaking sender', async () => {
    const mail = await simpleParser((await buildReceipt({ ...input, language: 'en', phones: [] })).raw);
    expect(mail.subject).toBe('Password for your confidential message "Befund Müller"');
    expect(mail.text).toContain('Password: Kx7m-P2qr-9Tzb-W4nd-Hs3e');
    expect(mail.text).toContain('Password by SMS to: nobody');
  });

  it('names a message without subject as such', async () => {
    const mail = await simpleParser((await buildReceipt({ ...input, subject: '' })).raw);
    expect(mail.subject).toBe('Passwort für Ihre vertrauliche Nachricht');
    expect(mail.text).toContain('Betreff: (ohne Betreff)');
  });
});
