import { describe, expect, it } from 'vitest';
import { relayOptions } from './smtp-transport';

// Issue 14 "Insecure deployment by default": the relay connection needs TLS unless the relay is on
// this machine or SMTP_URL says otherwise explicitly (`?tls=off`).

describe('relayOptions', () => {
  it.each([
    ['smtp://user:pw@relay.example.org:587', true],
    ['smtp://192.0.2.10:25', true],
    ['smtp://[2001:db8::1]:25', true],
    ['smtp://127.0.0.1:2525', false],
    ['smtp://localhost:25', false],
    ['smtp://[::1]:25', false],
    ['smtps://relay.example.org:465', false],
    ['smtp://relay.example.org:25?tls=off', false],
  ])('%s requires STARTTLS: %s', (url, required) => {
    expect(relayOptions(url).requireTLS).toBe(required);
  });

  it('takes tls=off out of the address nodemailer reads, and keeps the rest', () => {
    expect(relayOptions('smtp://u:p@relay.example.org:25?tls=off').url).toBe(
      'smtp://u:p@relay.example.org:25',
    );
  });
});
