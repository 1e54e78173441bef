import { describe, expect, it } from 'vitest';
import { senderLanguage } from './submission';

// The language of cover text, SMS and receipt for a message from a mail program: what its headers say.

describe.each([
  ['Content-Language: en-US', 'en'],
  ['Content-Language: EN', 'en'],
  ['Accept-Language: en-GB, de-DE', 'en'],
  ['Content-Language: de-DE', 'de'],
  ['Content-Language: fr', 'de'],
  ['X-Other: nothing', 'de'],
])('a message with %s', (header, language) => {
  it(`is treated as ${language}`, () => {
    const raw = Buffer.from(`From: a@example.org\r\n${header}\r\nSubject: x\r\n\r\nbody\r\n`);
    expect(senderLanguage(raw)).toBe(language);
  });
});

describe('senderLanguage', () => {
  it('reads only the header, never the body', () => {
    const raw = Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\nContent-Language: en\r\n');
    expect(senderLanguage(raw)).toBe('de');
  });

  it('copes with a message that has no header at all', () => {
    expect(senderLanguage(Buffer.from('kein Kopf'))).toBe('de');
  });
});
