import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { seal } from '../api/seal/index';
import { extractWith7z, parseSealed, pdfToText } from './helpers/sealed';

// Every message of the mail-gem corpus (well-formed, odd and broken mail collected over the years)
// must seal, and the result must open the way a recipient opens it. Nothing of an attachment may
// get lost: each shows up as a file in the ZIP or inside the .eml.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, 'test/fixtures/mail-gem');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const files = existsSync(corpus) ? walk(corpus).sort() : [];

describe('the mail-gem corpus', () => {
  it('is there (test/fixtures/mail-gem, with its LICENSE)', () => {
    expect(existsSync(corpus), `corpus not found at ${corpus}`).toBe(true);
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [path.relative(corpus, f), f]))('seals %s', async (_name, file) => {
    const raw = readFileSync(file);
    const result = await seal({ raw }, sealOptions({ language: 'en' }));
    const sealed = await parseSealed(result.sealedMessage);
    const unpacked = await extractWith7z(sealed.zip, result.password);
    expect([...unpacked.keys()].sort()).toEqual([...result.zipEntries].sort());
    // The file list needs no password: only neutral names in it (issue 14).
    for (const name of result.zipEntries) {
      expect(name).toMatch(/^(message\.eml|Attachment-\d{2,}(\.[a-z0-9]{1,8})?)$/);
    }
    expect(await pdfToText(sealed.pdf, result.password)).toContain('Page 1 of');

    const eml = unpacked.get('message.eml');
    expect(eml).toBeDefined();
    if (result.fallbackToOriginal) {
      expect(eml?.equals(raw)).toBe(true);
      return;
    }
    const inner = await simpleParser(eml ?? Buffer.alloc(0));
    const kept = [...unpacked.values(), ...inner.attachments.map((a) => a.content)];
    const original = await simpleParser(raw);
    for (const a of original.attachments) {
      expect(
        kept.some((k) => k.equals(a.content)),
        `attachment ${a.filename ?? '(unnamed)'} is in the ZIP`,
      ).toBe(true);
    }
  });
});
