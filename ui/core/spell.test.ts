import { describe, expect, it } from 'vitest';
import { spellChar, spellPassword, spellPasswordGroups } from './spell';

describe('spellPassword', () => {
  it('says case, the DIN 5009 name and digits as words in German', () => {
    expect(spellPassword('Kx7', 'de').map((c) => c.words)).toEqual([
      'großes K wie Kaufmann',
      'kleines x wie Xanthippe',
      'sieben',
    ]);
  });

  it('uses ICAO names in English', () => {
    expect(spellPassword('Kx7', 'en').map((c) => c.words)).toEqual([
      'capital K as in Kilo',
      'small x as in X-ray',
      'seven',
    ]);
  });

  it('says "zwo" for 2 in German so it is not heard as drei', () => {
    expect(spellChar('2', 'de').words).toBe('zwo');
  });

  it.each([
    ['C', 'de', 'großes C wie Cäsar'],
    ['z', 'de', 'kleines z wie Zacharias'],
    ['W', 'en', 'capital W as in Whiskey'],
    ['-', 'de', 'Bindestrich'],
    ['-', 'en', 'hyphen'],
    ['ß', 'de', 'kleines ß wie Eszett'],
  ] as const)('spells %s in %s as "%s"', (char, lang, words) => {
    expect(spellChar(char, lang).words).toBe(words);
  });

  it('names every character of a generated-looking password, none left unexplained', () => {
    const spelled = spellPassword('Kx7m-P2qr-9Tzb-W4nd-Hs3e', 'de');
    expect(spelled).toHaveLength(24);
    for (const c of spelled) expect(c.words).not.toMatch(/Zeichen/);
  });

  it('groups at the hyphens with the hyphen said between groups', () => {
    const groups = spellPasswordGroups('Ab-3c', 'en');
    expect(groups.map((g) => g.map((c) => c.char).join(''))).toEqual(['Ab', '-', '3c']);
    expect(groups[1]?.[0]?.words).toBe('hyphen');
  });
});
