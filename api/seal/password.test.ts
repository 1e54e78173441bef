import { describe, expect, it } from 'vitest';
import { entropyBits, generatePassword, PASSWORD_ALPHABET } from './password';

describe('generatePassword', () => {
  it('has at least 100 bits of entropy, computed from the alphabet and the number of symbols', () => {
    const password = generatePassword();
    const symbols = password.replaceAll('-', '').length;
    const alphabet = new Set(PASSWORD_ALPHABET).size;
    expect(alphabet).toBe(PASSWORD_ALPHABET.length);
    expect(entropyBits(alphabet, symbols)).toBeGreaterThanOrEqual(100);
  });

  it('uses no character that can be confused with another', () => {
    for (const ambiguous of ['0', 'O', 'o', '1', 'l', 'I'])
      expect(PASSWORD_ALPHABET).not.toContain(ambiguous);
    for (let i = 0; i < 200; i++) expect(generatePassword()).not.toMatch(/[0Oo1lI]/);
  });

  it('is written in groups of 3 to 8 symbols joined by hyphens', () => {
    const password = generatePassword();
    const groups = password.split('-');
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      expect(g.length).toBeGreaterThanOrEqual(3);
      expect(g.length).toBeLessThanOrEqual(8);
      for (const ch of g) expect(PASSWORD_ALPHABET).toContain(ch);
    }
  });

  it('draws a fresh password every time and uses the whole alphabet', () => {
    const seen = new Set<string>();
    const symbols = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = generatePassword();
      seen.add(p);
      for (const ch of p.replaceAll('-', '')) symbols.add(ch);
    }
    expect(seen.size).toBe(2000);
    // 40 000 draws over 56 symbols: missing one by chance has probability far below 1e-100.
    expect(symbols.size).toBe(PASSWORD_ALPHABET.length);
  });
});

describe('entropyBits', () => {
  it('is length × log2(alphabet size)', () => {
    expect(entropyBits(2, 10)).toBe(10);
    expect(entropyBits(64, 4)).toBe(24);
  });
});
