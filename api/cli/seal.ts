import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Language, ZipMethod } from '../seal/types';

// `vertraulich seal IN.eml [--out SEALED.eml] [--zip aes256|zipcrypto] [--lang de|en]
// [--include-original]` (CONTRACT.md "Command line"): seals one message offline, no database.
// stdout carries one JSON line with the password; the sealed mail goes to a file, never to stdout,
// so the two cannot mix. With IN `-` (standard input) --out is therefore required.
// MAIL_FROM and PUBLIC_URL are read from the environment when set, as the service would use them.

const USAGE =
  'usage: vertraulich seal IN.eml [--out SEALED.eml] [--zip aes256|zipcrypto] [--lang de|en] [--include-original]\n' +
  '  IN may be - for standard input (then --out is required); --out defaults to IN with .sealed.eml\n';

class UsageError extends Error {}

function defaultOut(input: string): string {
  const ext = path.extname(input);
  const stem = ext.toLowerCase() === '.eml' ? input.slice(0, -ext.length) : input;
  return `${stem}.sealed.eml`;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function parse(args: string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError('name exactly one message to seal (or - for standard input)');
  const input = positionals[0] ?? '';
  const zip = values.zip ?? 'aes256';
  if (zip !== 'aes256' && zip !== 'zipcrypto')
    throw new UsageError(`--zip must be aes256 or zipcrypto, not '${zip}'`);
  const lang = values.lang ?? 'de';
  if (lang !== 'de' && lang !== 'en') throw new UsageError(`--lang must be de or en, not '${lang}'`);
  if (input === '-' && !values.out)
    throw new UsageError('--out is required when the message comes from standard input');
  const out = values.out ?? defaultOut(input);
  if (input !== '-' && path.resolve(out) === path.resolve(input)) {
    throw new UsageError('--out must not be the input file');
  }
  return {
    input,
    out,
    zip: zip as ZipMethod,
    lang: lang as Language,
    includeOriginal: values['include-original'],
  };
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  zip: { type: 'string' },
  lang: { type: 'string' },
  'include-original': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (err) {
    process.stderr.write(`vertraulich seal: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let raw: Buffer;
  try {
    raw = options.input === '-' ? await readStdin() : await readFile(options.input);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    process.stderr.write(`vertraulich seal: cannot read ${options.input}: ${why}\n`);
    return 1;
  }
  // Loaded only now: the PDF and ZIP libraries take a moment, and a usage error should not wait for them.
  const { SealInputError, seal } = await import('../seal/index');
  const { sealOptions } = await import('../i18n/seal-texts');
  try {
    const result = await seal(
      { raw },
      sealOptions({
        zip: options.zip,
        language: options.lang,
        includeOriginal: options.includeOriginal,
        mailFrom: process.env.MAIL_FROM || undefined,
        publicUrl: process.env.PUBLIC_URL || undefined,
      }),
    );
    await writeFile(options.out, result.sealedMessage);
    process.stdout.write(`${JSON.stringify({ password: result.password })}\n`);
    return 0;
  } catch (err) {
    const what = err instanceof SealInputError ? err.message : `could not seal: ${(err as Error).message}`;
    process.stderr.write(`vertraulich seal: ${what}\n`);
    return 1;
  }
}
