import { describe, expect, it } from 'vitest';
import { sealTexts } from '../i18n/seal-texts';
import { neutralName, safeFileName, UniqueNames } from './names';

describe.each([
  ['Befund.pdf', 'Befund.pdf'],
  ['Ärger über Öl – Straße.docx', 'Ärger über Öl – Straße.docx'],
  ['../../etc/passwd', 'passwd'],
  ['..\\..\\Windows\\system.ini', 'system.ini'],
  ['/absolute/path/file.txt', 'file.txt'],
  ['C:\\Users\\x\\Desktop\\Scan.jpg', 'Scan.jpg'],
  ['..', 'fallback.bin'],
  ['.hidden', 'hidden'],
  ['', 'fallback.bin'],
  ['   ', 'fallback.bin'],
  ['a\u0000b\u0007c\nd.txt', 'a_b_c_d.txt'],
  ['what?*<>|".txt', 'what______.txt'],
  ['trailing dots...', 'trailing dots'],
  ['CON', '_CON'],
  ['nul.txt', '_nul.txt'],
  ['evil\u202Etxt.exe', 'evil_txt.exe'],
  ['A\u0308rger.txt', 'Ärger.txt'],
])('safeFileName(%j)', (raw, expected) => {
  it(`is ${JSON.stringify(expected)}`, () => {
    expect(safeFileName(raw, 'fallback.bin')).toBe(expected);
  });
});

describe('safeFileName', () => {
  it('keeps very long names under 180 bytes of UTF-8 and keeps the extension', () => {
    const name = safeFileName(`${'ü'.repeat(300)}.pdf`, 'x');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(180);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('UniqueNames', () => {
  it('numbers duplicates, ignoring case, before the extension', () => {
    const names = new UniqueNames();
    expect(names.take('Scan.pdf')).toBe('Scan.pdf');
    expect(names.take('scan.pdf')).toBe('scan (2).pdf');
    expect(names.take('Scan.pdf')).toBe('Scan (3).pdf');
    expect(names.take('README')).toBe('README');
    expect(names.take('readme')).toBe('readme (2)');
  });
});

describe('neutralName', () => {
  it.each([
    ['de', 1, 'HIV-Befund_Max_Mustermann.pdf', 'application/pdf', 'Anhang-01.pdf'],
    ['en', 2, 'Bericht Müller.DOCX', 'application/octet-stream', 'Attachment-02.docx'],
    ['de', 12, 'Röntgen.jpeg', 'image/jpeg', 'Anhang-12.jpeg'],
    ['de', 3, 'Folien.präsentation', 'application/octet-stream', 'Anhang-03'],
    ['de', 4, 'notes.Diagnose-Krebs', 'application/octet-stream', 'Anhang-04'],
    ['de', 5, 'daten.verylongext', 'application/octet-stream', 'Anhang-05'],
    ['de', 6, 'ohne Endung', 'text/plain', 'Anhang-06'],
    ['en', 7, 'Fwd: Befund', 'message/rfc822', 'Attachment-07.eml'],
    ['de', 100, 'a.txt', 'text/plain', 'Anhang-100.txt'],
  ] as const)('%s #%d %s -> %s', (language, n, original, type, expected) => {
    expect(neutralName(sealTexts(language).entryWord, n, original, type)).toBe(expected);
  });
});
