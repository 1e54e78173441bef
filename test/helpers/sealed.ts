import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

// Opens sealed mail the way recipients do: parse the .eml, unpack the ZIP with 7-Zip and bsdtar,
// read the PDF with qpdf and pdftotext. Every test that checks a sealed result uses these, and a
// missing tool fails the test with the package to install, never skips it.

const run = promisify(execFile);

const TOOLS: Record<string, string> = {
  '7z': 'p7zip-full',
  bsdtar: 'libarchive-tools',
  qpdf: 'qpdf',
  pdftotext: 'poppler-utils',
  chromium: 'chromium',
  thunderbird: 'thunderbird',
  swaks: 'swaks',
  xmllint: 'libxml2-utils',
};

const found = new Map<string, boolean>();

/** A test message as RFC 5322 bytes, built by nodemailer the way a mail program would send it. */
export function composeMail(mail: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    new MailComposer(mail).compile().build((err, out) => (err ? reject(err) : resolve(out))),
  );
}

/** Throws `missing tool: 7z (apt-get install p7zip-full)` when `name` is not on PATH. */
export async function requireTool(name: string): Promise<void> {
  let ok = found.get(name);
  if (ok === undefined) {
    ok = await run('sh', ['-c', `command -v "$0"`, name]).then(
      () => true,
      () => false,
    );
    found.set(name, ok);
  }
  if (!ok) throw new Error(`missing tool: ${name} (apt-get install ${TOOLS[name] ?? name})`);
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-sealed-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Sealed {
  mail: ParsedMail;
  headers: ParsedMail['headers'];
  text: string;
  html: string;
  zip: Buffer;
  zipName: string;
  pdf: Buffer;
  pdfName: string;
}

/** Parses a sealed mail and picks out its two attachments; throws unless there are exactly those. */
export async function parseSealed(eml: Uint8Array): Promise<Sealed> {
  const mail = await simpleParser(Buffer.from(eml));
  const zips = mail.attachments.filter((a) => a.contentType === 'application/zip');
  const pdfs = mail.attachments.filter((a) => a.contentType === 'application/pdf');
  if (mail.attachments.length !== 2 || zips.length !== 1 || pdfs.length !== 1) {
    const seen = mail.attachments.map((a) => `${a.filename} (${a.contentType})`).join(', ');
    throw new Error(`a sealed mail has exactly one ZIP and one PDF attached; found: ${seen || 'none'}`);
  }
  const [zip, pdf] = [zips[0], pdfs[0]];
  if (!zip || !pdf) throw new Error('unreachable');
  return {
    mail,
    headers: mail.headers,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    zip: zip.content,
    zipName: zip.filename ?? '',
    pdf: pdf.content,
    pdfName: pdf.filename ?? '',
  };
}

async function readTree(
  root: string,
  dir = root,
  out = new Map<string, Buffer>(),
): Promise<Map<string, Buffer>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readTree(root, full, out);
    else if ((await stat(full)).isFile()) out.set(path.relative(root, full), await readFile(full));
  }
  return out;
}

/**
 * The n-th attachment (from 1) of an extracted ZIP, by its neutral entry name in either language
 * (`Anhang-01.pdf`, `Attachment-01.pdf`): for tests where the mail program picks the language.
 */
export function nthAttachment(files: Map<string, Buffer>, n: number, ext: string): Buffer | undefined {
  const number = String(n).padStart(2, '0');
  return files.get(`Anhang-${number}.${ext}`) ?? files.get(`Attachment-${number}.${ext}`);
}

/** Extracts with `7z x -p…`; the map's keys are the paths inside the archive. Wrong password: throws. */
export async function extractWith7z(zip: Uint8Array, password: string): Promise<Map<string, Buffer>> {
  await requireTool('7z');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.zip');
    const out = path.join(dir, 'out');
    await writeFile(file, zip);
    // -p on the command line is how recipients script it; -y answers prompts, -bd hides progress.
    await run('7z', ['x', '-y', '-bd', `-p${password}`, `-o${out}`, file], { maxBuffer: 16 * 1024 * 1024 });
    return readTree(out);
  });
}

/** Extracts with libarchive's bsdtar (the macOS and BSD unpacker). Wrong password: throws. */
export async function extractWithBsdtar(zip: Uint8Array, password: string): Promise<Map<string, Buffer>> {
  await requireTool('bsdtar');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.zip');
    const out = path.join(dir, 'out');
    await writeFile(file, zip);
    await run('mkdir', ['-p', out]);
    await run('bsdtar', ['-x', '-f', file, '-C', out, '--passphrase', password], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return readTree(out);
  });
}

/** The ZIP's entry listing from `7z l -slt` (no password needed: names are not encrypted in ZIP). */
export async function listWith7z(zip: Uint8Array): Promise<string> {
  await requireTool('7z');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.zip');
    await writeFile(file, zip);
    const { stdout } = await run('7z', ['l', '-slt', '-p-', file], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  });
}

/** The ZIP's entry names from `bsdtar -tf`, as the macOS and BSD unpacker lists them without a password. */
export async function listWithBsdtar(zip: Uint8Array): Promise<string> {
  await requireTool('bsdtar');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.zip');
    await writeFile(file, zip);
    const { stdout } = await run('bsdtar', ['-tvf', file], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  });
}

/** The PDF's text via `pdftotext -upw`; throws when the password does not open it. */
export async function pdfToText(pdf: Uint8Array, password: string): Promise<string> {
  await requireTool('pdftotext');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-upw', password, file, '-'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  });
}

/** `qpdf --show-encryption` with the password; throws when the PDF is not encrypted or the password is wrong. */
export async function qpdfEncryption(pdf: Uint8Array, password: string): Promise<string> {
  await requireTool('qpdf');
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'sealed.pdf');
    await writeFile(file, pdf);
    // --show-encryption exits 0 even with a wrong password; --requires-password tells: exit 3 means
    // encrypted and the password opens it, 0 means it does not, 2 means not encrypted at all.
    const code = await run('qpdf', [`--password=${password}`, '--requires-password', file]).then(
      () => 0,
      (err: { code?: number }) => err.code ?? -1,
    );
    if (code === 0) throw new Error('qpdf: the password does not open the PDF');
    if (code === 2) throw new Error('qpdf: the PDF is not encrypted');
    if (code !== 3) throw new Error(`qpdf --requires-password failed (exit ${code})`);
    const { stdout } = await run('qpdf', [`--password=${password}`, '--show-encryption', file]);
    return stdout;
  });
}
