import { describe, expect, it } from 'vitest';
import { pickLanguage, translate } from './i18n';
import { bareAddress, checkAddresses, lockoutText, retryAt, sizeText, splitList, statusText } from './words';

const now = new Date('2026-03-02T10:00:00Z');

describe('retryAt', () => {
  it('reads Retry-After in seconds', () => {
    expect(retryAt('900', now)?.toISOString()).toBe('2026-03-02T10:15:00.000Z');
  });
  it('reads Retry-After as an HTTP date', () => {
    expect(retryAt('Mon, 02 Mar 2026 10:07:00 GMT', now)?.toISOString()).toBe('2026-03-02T10:07:00.000Z');
  });
  it.each([null, undefined, '', 'soon', '-5'])('gives no time for %s', (header) => {
    expect(retryAt(header, now)).toBeUndefined();
  });
});

describe('lockoutText', () => {
  it('names the clock time and the minutes left, in German', () => {
    const text = lockoutText('de', new Date(now.getTime() + 14.2 * 60_000), now);
    expect(text).toContain('in 15 Minuten');
    expect(lockoutText('de', new Date(now.getTime() + 60_000), now)).toContain('(in 1 Minute).');
    expect(text).toMatch(/ab \d\d:\d\d Uhr/);
  });
  it('names the clock time and the minutes left, in English', () => {
    const text = lockoutText('en', new Date(now.getTime() + 60_000), now);
    expect(text).toContain('(in 1 minute).');
    expect(lockoutText('en', new Date(now.getTime() + 120_000), now)).toContain('(in 2 minutes).');
    expect(text).toMatch(/at \d\d:\d\d/);
  });
  it('still says it is locked when the time is unknown or past', () => {
    expect(lockoutText('de', undefined, now)).toBe(translate('de', 'lockedSoon'));
    expect(lockoutText('en', new Date(now.getTime() - 1000), now)).toBe(translate('en', 'lockedSoon'));
  });
});

describe('addresses', () => {
  it('splits on commas, semicolons and new lines and drops blanks', () => {
    expect(splitList(' a@b.de, ;c@d.org\n\n e@f.com ')).toEqual(['a@b.de', 'c@d.org', 'e@f.com']);
  });
  it('takes the address out of "Name <address>"', () => {
    expect(bareAddress('Dr. Maria Schulz <maria@praxis.de>')).toBe('maria@praxis.de');
  });
  it('keeps phone recipients written as …@sms.local', () => {
    expect(checkAddresses('+4917055555555@sms.local')).toEqual({
      addresses: ['+4917055555555@sms.local'],
      invalid: [],
    });
  });
  it.each(['maria', 'maria@', '@praxis.de', 'maria@praxis', 'a b@c.de'])('finds %s invalid', (entry) => {
    expect(checkAddresses(`ok@example.org, ${entry}`).invalid).toEqual([entry]);
  });
});

describe('words', () => {
  it('writes sizes the way each language does', () => {
    expect(sizeText('de', 1536)).toBe('1,5 KB');
    expect(sizeText('en', 1536)).toBe('1.5 KB');
    expect(sizeText('de', 12 * 1024 * 1024)).toBe('12 MB');
    expect(sizeText('en', 200)).toBe('200 B');
  });
  it('translates known delivery states and passes unknown ones through', () => {
    expect(statusText('de', 'queued')).toBe('in Zustellung');
    expect(statusText('en', 'sent')).toBe('sent');
    expect(statusText('de', 'bounced')).toBe('bounced');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'badAddress', { value: 'x@' })).toBe('This is not a valid email address: x@');
    expect(translate('de', 'badAddress')).toContain('{value}');
  });
});

describe('pickLanguage', () => {
  it('prefers a saved choice over the browser', () => {
    expect(pickLanguage('en', ['de-DE'])).toBe('en');
  });
  it('takes the first German or English browser language', () => {
    expect(pickLanguage(null, ['fr-FR', 'en-US', 'de'])).toBe('en');
    expect(pickLanguage(null, ['de-AT', 'en'])).toBe('de');
  });
  it('falls back to English for other languages and ignores junk, as every client does', () => {
    expect(pickLanguage('xx', ['fr', 'it'])).toBe('en');
  });
});
