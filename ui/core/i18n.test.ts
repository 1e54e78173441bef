import { describe, expect, it } from 'vitest';
import { pickLanguage, type StringKey, strings, t } from './i18n';

describe('pickLanguage', () => {
  it.each([
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['DE', 'de'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ] as const)('reads %s as %s', (tag, lang) => {
    expect(pickLanguage(tag)).toBe(lang);
  });
});

describe('strings', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has the same placeholders in German and English for every text', () => {
    for (const key of Object.keys(strings.de) as StringKey[]) {
      expect(placeholders(strings.en[key]), key).toEqual(placeholders(strings.de[key]));
      expect(strings.en[key].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('de', 'smsTo', { phone: '+49170', status: 'gesendet' })).toBe('SMS an +49170: gesendet');
    expect(t('en', 'smsTo', { phone: '+49170' })).toBe('SMS to +49170: {status}');
  });
});
