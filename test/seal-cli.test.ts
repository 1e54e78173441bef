import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractWith7z, listWithBsdtar, parseSealed, pdfToText } from './helpers/sealed';

// `vertraulich seal` as a user runs it: a child process, JSON on stdout, plain errors on stderr.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/vertraulich.mjs');
const fixture = path.resolve(root, 'test/fixtures/mail-gem/attachment_emails/attachment_pdf_non_ascii.eml');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin?: Buffer): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, MAIL_FROM: '', PUBLIC_URL: '' };
    const child = spawn(process.execPath, [bin, 'seal', ...args], { env, cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('vertraulich seal', () => {
  let dir: string;
  let input: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-cli-'));
    input = path.join(dir, 'brief.eml');
    await copyFile(fixture, input);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes IN.sealed.eml next to the input and prints the password as one JSON line', async () => {
    const out = await cli([input]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    const { password } = JSON.parse(out.stdout) as { password: string };
    expect(password).toMatch(/^[A-Za-z2-9]{3,8}(-[A-Za-z2-9]{3,8})+$/);
    const sealed = await parseSealed(await readFile(path.join(dir, 'brief.sealed.eml')));
    const files = await extractWith7z(sealed.zip, password);
    expect([...files.keys()].sort()).toEqual(['Anhang-01.pdf', 'nachricht.eml']);
    expect(await pdfToText(sealed.pdf, password)).toContain('Another PDF with');
  });

  it('reads standard input with - and honours --out, --lang, --zip and --include-original', async () => {
    const raw = await readFile(input);
    const target = path.join(dir, 'from-stdin.eml');
    const out = await cli(
      ['-', '--out', target, '--lang', 'en', '--zip', 'zipcrypto', '--include-original'],
      raw,
    );
    expect(out.code).toBe(0);
    const { password } = JSON.parse(out.stdout) as { password: string };
    const sealed = await parseSealed(await readFile(target));
    expect(sealed.zipName).toBe('confidential-message.zip');
    const files = await extractWith7z(sealed.zip, password);
    expect(files.get('message.eml')?.equals(raw)).toBe(true);
    const listing = await listWithBsdtar(sealed.zip);
    expect(listing).toContain('message.eml');
  });

  describe.each([
    [['/nonexistent/brief.eml'], 1, /cannot read \/nonexistent\/brief\.eml: no such file/],
    [['-'], 2, /--out is required/],
    [[], 2, /name exactly one message/],
    [['a.eml', 'b.eml'], 2, /name exactly one message/],
    [['x.eml', '--zip', 'rar'], 2, /--zip must be aes256 or zipcrypto/],
    [['x.eml', '--lang', 'fr'], 2, /--lang must be de or en/],
    [['x.eml', '--bogus'], 2, /Unknown option '--bogus'/],
    [['x.eml', '--out', 'x.eml'], 2, /must not be the input/],
  ])('with %j', (args, code, message) => {
    it(`exits ${code} with a plain message and nothing on stdout`, async () => {
      const out = await cli(args);
      expect(out.code).toBe(code);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
