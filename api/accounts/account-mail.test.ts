import { describe, expect, it } from 'vitest';
import { accountMailText } from './account-mail';

// The account mails' words are the catalog's (section accountMail); the link's lifetime is the
// one verification.ts enforces, counted with the language's plural.

describe('account mail texts', () => {
  it('says how long the confirmation link works, in hours, in both languages', () => {
    expect(accountMailText('verify', 'de', 'https://v.example/verify#t=x').text).toContain(
      'Der Link gilt 48 Stunden und nur einmal.',
    );
    expect(accountMailText('verify', 'en', 'https://v.example/verify#t=x').text).toContain(
      'The link works once, for 48 hours.',
    );
  });

  it('puts the link on a line of its own and ends with a line break', () => {
    const { subject, text } = accountMailText('verify', 'en', 'https://v.example/verify#t=x');
    expect(subject).toBe('Please confirm your email address for vertraulich');
    expect(text.split('\n')).toContain('https://v.example/verify#t=x');
    expect(text.endsWith('.\n')).toBe(true);
  });
});
