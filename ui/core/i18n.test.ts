import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogs, format, languages, pickLanguage, type Section, t } from './i18n';

describe('pickLanguage', () => {
  it.each([
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['DE', 'de'],
    ['de_CH', 'de'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ] as const)('reads %s as %s', (tag, lang) => {
    expect(pickLanguage(tag)).toBe(lang);
  });

  it('takes the first language of a list that has a catalog', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage([null, 'it', 'en-GB'])).toBe('en');
  });
});

/** The names of the values a message reads, plural arguments included, sorted. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  // type 0 is literal text (TYPE.literal of @formatjs/icu-messageformat-parser); the others name a value.
  type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }> };
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.type !== 0 && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst() as Node[]);
  return [...names].sort();
}

describe('catalog', () => {
  const sections = Object.keys(catalogs.de) as Section[];

  it.each(languages.filter((l) => l !== 'de'))(
    '%s has every text, with the placeholders of German',
    (lang) => {
      for (const section of sections) {
        const de = catalogs.de[section] as Record<string, string>;
        const other = catalogs[lang][section] as Record<string, string>;
        expect(Object.keys(other).sort(), section).toEqual(Object.keys(de).sort());
        for (const key of Object.keys(de)) {
          expect(other[key]?.trim(), `${section}.${key}`).not.toBe('');
          expect(argumentsOf(other[key] ?? ''), `${section}.${key}`).toEqual(argumentsOf(de[key] ?? ''));
        }
      }
    },
  );

  it('finds the placeholders of a message, plural ones too', () => {
    expect(argumentsOf('{a} and {n, plural, one {# {b}} other {# {c}}}')).toEqual(['a', 'b', 'c', 'n']);
  });

  it('fills placeholders', () => {
    expect(t('de', 'smsTo', { phone: '+49170', status: 'gesendet' })).toBe('SMS an +49170: gesendet');
  });

  it('says "1 minute" and "2 minutes", "1 Minute" and "2 Minuten"', () => {
    expect(t('en', 'errRateLimited', { minutes: 1 })).toContain('wait 1 minute and');
    expect(t('en', 'errRateLimited', { minutes: 2 })).toContain('wait 2 minutes and');
    expect(t('de', 'errRateLimited', { minutes: 1 })).toContain('warten Sie 1 Minute und');
    expect(t('de', 'errRateLimited', { minutes: 2 })).toContain('warten Sie 2 Minuten und');
    expect(format('de', 'open', 'replyFilesChosen', { count: 1, size: '2 KB' })).toBe('1 Datei, 2 KB');
    expect(format('en', 'open', 'replyFilesChosen', { count: 3, size: '2 KB' })).toBe('3 files, 2 KB');
  });

  it('counts attachments and hours in the server texts: "1 Anhang", "2 Anhänge", "48 hours"', () => {
    expect(format('de', 'pdf', 'attachments', { count: 1 })).toMatch(/^1 Anhang \(/);
    expect(format('de', 'pdf', 'attachments', { count: 2 })).toMatch(/^2 Anhänge \(/);
    expect(format('en', 'pdf', 'attachments', { count: 1 })).toMatch(/^1 attachment \(/);
    expect(format('en', 'pdf', 'attachments', { count: 2 })).toMatch(/^2 attachments \(/);
    const zip = { zipName: 'n.zip' };
    expect(format('de', 'cover', 'zipItem', { ...zip, count: 0 })).toMatch(
      /^n\.zip: die Nachricht im Original/,
    );
    expect(format('de', 'cover', 'zipItem', { ...zip, count: 1 })).toContain(
      'Der Anhang heißt darin neutral',
    );
    expect(format('de', 'cover', 'zipItem', { ...zip, count: 2 })).toContain('Die Anhänge heißen darin');
    expect(format('en', 'cover', 'zipItem', { ...zip, count: 1 })).toContain(
      'the attachment has a neutral name',
    );
    expect(format('en', 'cover', 'zipItem', { ...zip, count: 3 })).toContain(
      'the attachments have neutral names',
    );
    expect(format('de', 'accountMail', 'verifyText', { link: 'x', hours: 1 })).toContain('gilt 1 Stunde und');
    expect(format('en', 'accountMail', 'verifyText', { link: 'x', hours: 48 })).toContain('for 48 hours.');
  });

  it('shows a text with a forgotten value rather than nothing, and "<" as a character', () => {
    expect(t('en', 'smsTo', { phone: '+49170' })).toBe('SMS to {phone}: {status}');
    expect(format('en', 'open', 'fileChosen', { name: '<b>x</b>.zip' })).toBe('Chosen: <b>x</b>.zip');
  });
});
