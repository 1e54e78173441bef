import { describe, expect, it } from 'vitest';
import { isSafeServiceUrl } from './settings';

// Issue 14: the extension sends passwords and messages to the service address, so it takes only
// https ones (plain http only for a service on this machine).

describe('isSafeServiceUrl', () => {
  it.each([
    ['https://vertraulich.example.de', true],
    ['http://localhost:8787', true],
    ['http://127.0.0.1:8787', true],
    ['http://[::1]:8787', true],
    ['http://vertraulich.example.de', false],
    ['http://192.0.2.7:8787', false],
    ['ftp://vertraulich.example.de', false],
  ])('%s: %s', (url, safe) => {
    expect(isSafeServiceUrl(new URL(url))).toBe(safe);
  });
});
