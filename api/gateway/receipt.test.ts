import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptInput } from './receipt';

const input: ReceiptInput = {
  to: { address: 'alice@example.org', name: 'Dr. Alice Müller' },
  mailFrom: 'vertraulich <noreply@vertraulich.test>',
  language: 'de',
  recipients: ['bob@example.net', 'carol@example.com'],
  phones: ['+4917055555555'],
  messageId: 'msg_abc',
  publicUrl: 'https://vertraulich.test/',
  now: new Date('2026-03-05T09:30:00Z'),
};

describe('receipt mail', () => {
  it('goes to the sender only, from MAIL_FROM, naming recipients, phones, the time and the history link', async () => {
    const { envelope, raw } = await buildReceipt(input);
    expect(envelope).toEqual({ from: 'noreply@vertraulich.test', to: ['alice@example.org'] });
    const mail = await simpleParser(raw);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe('alice@example.org');
    expect(mail.from?.value[0]?.address).toBe('noreply@vertraulich.test');
    expect(mail.subject).toBe('Ihre vertrauliche Nachricht ist versiegelt verschickt');
    expect(mail.text).toContain('Empfänger: bob@example.net, carol@example.com');
    expect(mail.text).toContain('Passwort per SMS an: +4917055555555');
    expect(mail.text).toContain('Donnerstag, 5. März 2026 um 10:30');
    expect(mail.text).toContain('https://vertraulich.test/#/history/msg_abc');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.attachments).toHaveLength(0);
  });

  it('carries neither a password nor a subject: it waits in the outbox and travels in clear', async () => {
    const { raw } = await buildReceipt(input);
    const text = raw.toString('utf8');
    expect(text).not.toMatch(/Passwort:|Password:/);
    expect(text).not.toMatch(/Betreff|Subject: (?!Ihre vertrauliche)/);
    expect(Object.keys(input)).not.toContain('password');
  });

  it('speaks English for an English-speaking sender', async () => {
    const mail = await simpleParser((await buildReceipt({ ...input, language: 'en', phones: [] })).raw);
    expect(mail.subject).toBe('Your confidential message was sent sealed');
    expect(mail.text).toContain('Password by SMS to: nobody');
    expect(mail.text).toContain('Thursday, 5 March 2026 at 10:30');
    expect(mail.text).toContain('after signing in: https://vertraulich.test/#/history/msg_abc');
  });
});
