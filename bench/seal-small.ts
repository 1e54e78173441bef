import { randomBytes } from 'node:crypto';
import { PDFDocument } from '@cantoo/pdf-lib';
import { sealOptions, sealTexts } from '../api/i18n/seal-texts';
import { composeCover } from '../api/seal/cover';
import { seal } from '../api/seal/index';
import { fromDraft } from '../api/seal/message';
import { buildPdf } from '../api/seal/pdf';
import { encryptionEntries } from '../api/seal/pdf-encryption';
import type { Draft } from '../api/seal/types';
import { ZipBuilder } from '../api/seal/zip';

// `npx tsx bench/seal-small.ts [runs]` (issue 15): what one SMALL message costs in CPU once the
// process is warm, the message bench/api.ts sends (a short text and a 1.5 KB attachment). First
// whole seals, then the same work phase by phase, each on its own so no phase's CPU (zlib's thread
// pool included: process.cpuUsage counts all threads) is counted in another's. The PDF is split by
// timing pdf-lib's own steps, flush() (fonts subset and embedded) and the rest of save()
// (serialising, encrypting the streams), and the key derivation (pdf-encryption.ts) on its own;
// layout is what remains of buildPdf.
// Medians of the runs: the machine is shared, compare ratios side by side.

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 30;
const PASSWORD = 'Bench-Pass-Word-2345-6789';
const TEXT =
  'Sehr geehrte Frau Schmidt,\n\nanbei Ihr Befund. Die Werte sind unauffällig.\n\nMit freundlichen Grüßen\nDr. Weber';
const ATTACHMENT = Buffer.from('Kalium 4,2 mmol/l\n'.repeat(84)); // ~1.5 KB

const draft: Draft = {
  from: { name: 'Dr. Weber', address: 'weber@praxis.example' },
  to: ['empfaenger@example.org'],
  cc: ['kopie@example.org'],
  subject: 'Befund vom 3. März',
  text: TEXT,
  attachments: [{ filename: 'befund.txt', contentType: 'text/plain', content: ATTACHMENT }],
};

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU ms spent inside pdf-lib's steps, by step. */
const inside = { flush: 0, save: 0 };
function timeMethod(name: 'flush' | 'save'): void {
  const proto = PDFDocument.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto[name];
  if (!original) throw new Error(`PDFDocument has no ${name}()`);
  proto[name] = function (this: PDFDocument, ...args: unknown[]) {
    const start = cpuNow();
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      return result.finally(() => {
        inside[name] += cpuNow() - start;
      });
    }
    inside[name] += cpuNow() - start;
    return result;
  };
}
timeMethod('flush');
timeMethod('save');

interface Sample {
  parse: number;
  zip: number;
  pdfLayout: number;
  pdfFonts: number;
  pdfKeys: number;
  pdfSave: number;
  mime: number;
  pdfBytes: number;
}

const texts = sealTexts('de');

async function phases(): Promise<Sample> {
  const now = new Date('2026-03-03T10:00:00Z');
  let t = cpuNow();
  const files: { name: string; content: Buffer }[] = [];
  const parts = await fromDraft(draft, now, async (file) => {
    const chunks: Buffer[] = [];
    for await (const c of file.content) chunks.push(c as Buffer);
    files.push({ name: 'anhang-1.txt', content: Buffer.concat(chunks) });
    return { entry: 'anhang-1.txt', shown: file.filename ?? '' };
  });
  const parse = cpuNow() - t;

  t = cpuNow();
  const zipBuilder = new ZipBuilder(256 * 1024, PASSWORD, 'aes256', now);
  for (const f of files) await zipBuilder.add(f);
  await zipBuilder.add({ name: 'nachricht.eml', content: parts.inner });
  const zip = await zipBuilder.close();
  const zipMs = cpuNow() - t;

  t = cpuNow();
  encryptionEntries(PASSWORD, randomBytes(32));
  const keys = cpuNow() - t;

  inside.flush = 0;
  inside.save = 0;
  t = cpuNow();
  const pdf = await buildPdf(
    {
      labels: texts.pdf,
      locale: texts.locale,
      from: 'Dr. Weber <weber@praxis.example>',
      to: 'empfaenger@example.org',
      cc: 'kopie@example.org',
      date: now,
      subject: parts.subject,
      body: parts.bodyText,
      attachments: files.map((f) => ({ name: f.name, original: 'befund.txt', size: f.content.length })),
    },
    PASSWORD,
  );
  const pdfMs = cpuNow() - t;

  t = cpuNow();
  await composeCover({
    texts,
    mailFrom: undefined,
    sender: parts.from,
    to: parts.to,
    cc: parts.cc,
    subject: parts.subject,
    subjectInClear: false,
    publicUrl: 'https://vertraulich.example',
    attachments: files.length,
    date: now,
    zip,
    pdf,
  });
  const mime = cpuNow() - t;
  return {
    parse,
    zip: zipMs,
    pdfLayout: pdfMs - keys - inside.save,
    pdfFonts: inside.flush,
    pdfKeys: keys,
    pdfSave: inside.save - inside.flush,
    mime,
    pdfBytes: pdf.length,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const sealOnce = async () => {
    const started = performance.now();
    const t = cpuNow();
    const r = await seal({ draft }, sealOptions({ password: PASSWORD }));
    return { cpu: cpuNow() - t, wall: performance.now() - started, bytes: r.sealedMessage.length };
  };
  for (let i = 0; i < WARMUP; i++) {
    await sealOnce();
    await phases();
  }
  // Whole seals and phase runs alternate, so the JIT's warming and the machine's load fall on both.
  const whole: { cpu: number; wall: number; bytes: number }[] = [];
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    whole.push(await sealOnce());
    samples.push(await phases());
  }
  const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
  const f = (x: number) => x.toFixed(2).padStart(7);
  const rows: [string, number][] = [
    ['parse (MIME build + split + mailparser)', m('parse')],
    ['ZIP (zip.js, AES-256)', m('zip')],
    ['PDF layout (text, runs, drawText)', m('pdfLayout')],
    ['PDF fonts (subset + embed, in save)', m('pdfFonts')],
    ['PDF keys (R6 key derivation)', m('pdfKeys')],
    ['PDF save (serialise + stream encryption)', m('pdfSave')],
    ['cover mail (nodemailer)', m('mime')],
  ];
  console.log(`small message, ${RUNS} runs after ${WARMUP} warm-up, medians, ms CPU (all threads)`);
  const wholeCpu = median(whole.map((w) => w.cpu));
  const wall = median(whole.map((w) => w.wall));
  const bytes = whole[0]?.bytes ?? 0;
  console.log(`${f(wholeCpu)}  whole seal() (wall ${wall.toFixed(2)} ms, sealed mail ${bytes} bytes)`);
  for (const [name, v] of rows) console.log(`${f(v)}    ${name}`);
  console.log(`${f(rows.reduce((s, [, v]) => s + v, 0))}    sum of phases (PDF ${m('pdfBytes')} bytes)`);
}

await main();
