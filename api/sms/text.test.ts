import LinkifyIt from 'linkify-it';
import { describe, expect, it } from 'vitest';
import { smsText } from './text';

// The sender's name in the password SMS is text: a phone's messaging app must not offer it as a link.

const linkify = new LinkifyIt();

describe('the password SMS', () => {
  it.each([
    'Sparkasse https://evil.example/login',
    'Bank sicherheit.example-bank.de',
    'Support security@bank.example',
  ])('never carries a link in the name %s', (senderName) => {
    for (const language of ['de', 'en'] as const) {
      const text = smsText({ senderName, password: 'Kx7m-P2qr-9Tzb-W4nd-Hs3e', language });
      expect(linkify.match(text)).toBeNull();
      expect(text.replace(/\u200C/g, '')).toContain(senderName);
    }
  });

  it('leaves an ordinary name as it is, so the SMS stays in one GSM-7 segment', () => {
    const text = smsText({
      senderName: 'Dr. Anna Berg',
      password: 'Kx7m-P2qr-9Tzb-W4nd-Hs3e',
      language: 'de',
    });
    expect(text).toBe('Passwort für die vertrauliche E-Mail von Dr. Anna Berg: Kx7m-P2qr-9Tzb-W4nd-Hs3e');
  });
});
