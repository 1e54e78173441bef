import { describe, expect, it } from 'vitest';
import { configFor, manifestFor, originPattern } from './package-config';

describe('pointing the extension at a service', () => {
  it.each([
    ['https://vertraulich.example', 'https://vertraulich.example/*'],
    ['https://vertraulich.example:8443/base/', 'https://vertraulich.example/*'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1/*'],
  ])('%s needs the host permission %s', (url, pattern) => {
    expect(originPattern(url)).toBe(pattern);
  });

  it('replaces the host permission and keeps everything else of the manifest', () => {
    const template = { name: 'x', permissions: ['compose'], host_permissions: ['http://localhost/*'] };
    expect(manifestFor(template, 'https://v.example')).toEqual({
      name: 'x',
      permissions: ['compose'],
      host_permissions: ['https://v.example/*'],
    });
    expect(template.host_permissions).toEqual(['http://localhost/*']);
  });

  it('writes the address without a trailing slash', () => {
    expect(configFor('https://v.example/')).toEqual({ serviceUrl: 'https://v.example' });
  });
});
