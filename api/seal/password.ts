import { randomInt } from 'node:crypto';

// The per-message password (CONTRACT.md "The sealed message"): drawn from the operating system's
// CSPRNG, written only with characters that cannot be mistaken for one another when read out or
// typed on a phone (no 0/O/o, no 1/l/I), in hyphen-joined groups.

/** 8 digits, 24 upper-case and 24 lower-case letters: 56 symbols, log2(56) ≈ 5.81 bits each. */
export const PASSWORD_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';
export const PASSWORD_GROUP_LENGTH = 4;
export const PASSWORD_GROUPS = 5;

/** Bits of entropy of a password drawn uniformly from `alphabetSize` symbols, `length` of them. */
export function entropyBits(alphabetSize: number, length: number): number {
  return length * Math.log2(alphabetSize);
}

/** A fresh password such as `Kx7m-P2qr-9Tzb-W4nd-Hs3e` (20 symbols, ≈ 116 bits). */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < PASSWORD_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < PASSWORD_GROUP_LENGTH; i++) {
      // randomInt rejects out-of-range draws itself, so every symbol is equally likely (no modulo bias).
      group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    }
    groups.push(group);
  }
  return groups.join('-');
}
