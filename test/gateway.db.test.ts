import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setReceiptMails } from '../api/gateway/receipt-store';
import { type GatewayStack, startGatewayStack, swaks } from './gateway-harness';
import { queryRows } from './helpers/db';
import { extractWith7z, parseSealed, pdfToText, requireTool } from './helpers/sealed';
import type { SinkMessage } from './helpers/smtp-sink';

// Issue 7 "Done when": real clients (nodemailer, swaks) submit with AUTH, an attachment and a
// +49…@sms.local recipient; the relay gets the sealed mail that opens with the password from the
// history, the SMS stand-in gets the password, and the receipt mail arrives.

let stack: GatewayStack;
beforeAll(async () => {
  await Promise.all(['7z', 'pdftotext', 'swaks'].map(requireTool));
  stack = await startGatewayStack();
});
afterAll(async () => {
  await stack?.close();
});

const phone = '+4917055555555';

/** The sink's messages from `from` on, split into the sealed mail and the receipt to `sender`. */
async function arrived(from: number, sender: string) {
  const all = (await stack.sink.waitFor(from + 2, 30_000)).slice(from);
  const receipt = all.find((m) => m.to.length === 1 && m.to[0] === sender);
  const sealed = all.find((m) => m !== receipt);
  if (!receipt || !sealed) throw new Error(`expected a sealed mail and a receipt, got ${all.length} mails`);
  return { sealed, receipt };
}

async function expectOpensWith(sealed: SinkMessage, password: string, attachment: string, content: string) {
  const opened = await parseSealed(sealed.raw);
  expect(opened.mail.text).not.toContain(content);
  const files = await extractWith7z(opened.zip, password);
  expect(files.get(attachment)?.toString()).toBe(content);
  return { opened, files, pdfText: await pdfToText(opened.pdf, password) };
}

describe('SMTP gateway end to end', () => {
  it('seals a nodemailer submission; relay, SMS and receipt all carry what they should', async () => {
    const alice = await stack.account('paid', 'Dr. Alice Berg');
    const before = stack.sink.messages.length;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: stack.port,
      secure: false,
      auth: { user: alice.email, pass: alice.password },
    });
    const info = await transport.sendMail({
      from: alice.email,
      to: ['bob@example.net', `${phone}@sms.local`],
      subject: 'Befund Müller',
      text: 'Sehr geehrter Herr Kollege, anbei der Befund.',
      attachments: [{ filename: 'befund.txt', content: 'Blutbild unauffällig' }],
    });
    expect(info.response).toMatch(/^250 /);

    const [message] = await stack.history(alice.token);
    if (!message) throw new Error('the message is not in the history');
    expect(message.subject).toBe('Befund Müller');
    expect(message.sms.map((s) => s.phone)).toEqual([phone]);

    const { sealed, receipt } = await arrived(before, alice.email);
    // …@sms.local never reaches the relay; the sealed mail goes to the real recipient only.
    expect(sealed.to).toEqual(['bob@example.net']);
    expect(stack.sink.messages.flatMap((m) => m.to).some((a) => a.endsWith('@sms.local'))).toBe(false);
    const { pdfText } = await expectOpensWith(
      sealed,
      message.password,
      'Anhang-01.txt',
      'Blutbild unauffällig',
    );
    expect(pdfText).toContain('anbei der Befund');

    const sms = await stack.twilio.waitFor(1, 30_000);
    expect(sms.find((r) => r.to === phone)?.body).toContain(message.password);

    const mail = await simpleParser(receipt.raw);
    expect(mail.text).toContain('bob@example.net');
    expect(mail.text).toContain(phone);
    expect(mail.text).toContain(`/#/history/${message.id}`);
    // Neither the password nor the subject: the receipt travels, and waits in the outbox, in clear.
    expect(receipt.raw.toString()).not.toContain(message.password);
    expect(`${mail.subject}\n${mail.text}`).not.toContain('Befund');
    expect(stack.logs()).not.toContain(message.password);
    expect(stack.logs()).not.toContain(alice.password);
  });

  it('seals a swaks submission (AUTH LOGIN, attachment, SMS recipient) the same way', async () => {
    const carol = await stack.account('paid');
    const before = stack.sink.messages.length;
    const smsBefore = stack.twilio.requests.length;
    const dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-swaks-'));
    const file = path.join(dir, 'vertrag.txt');
    await writeFile(file, 'Bitte bis Freitag unterschreiben.');
    const run = await swaks([
      ...['--server', '127.0.0.1', '--port', String(stack.port)],
      ...['--auth', 'LOGIN', '--auth-user', carol.email, '--auth-password', carol.password],
      ...['--from', carol.email, '--to', `dave@example.org,+4915112345678@sms.local`],
      ...['--header', 'Subject: Vertrag', '--header', 'Content-Language: en'],
      ...['--body', 'Please sign the contract.'],
      ...['--attach-type', 'text/plain', '--attach', `@${file}`],
    ]);
    await rm(dir, { recursive: true, force: true });
    expect(run.output).toMatch(/<[-~] +250 .*queued as msg_/);
    expect(run.code).toBe(0);

    const [message] = await stack.history(carol.token);
    if (!message) throw new Error('the message is not in the history');
    const { sealed, receipt } = await arrived(before, carol.email);
    expect(sealed.to).toEqual(['dave@example.org']);
    const { opened } = await expectOpensWith(
      sealed,
      message.password,
      'Attachment-01.txt',
      'Bitte bis Freitag unterschreiben.',
    );
    expect(opened.mail.subject).toMatch(/^Confidential message from /);
    const sms = await stack.twilio.waitFor(smsBefore + 1, 30_000);
    expect(sms.find((r) => r.to === '+4915112345678')?.body).toContain(message.password);
    // Its mail program speaks English (Content-Language), so the cover text and the receipt do too.
    const mail = await simpleParser(receipt.raw);
    expect(mail.subject).toBe('Your confidential message was sent sealed');
    expect(mail.text).toContain('Recipients: dave@example.org');
    expect(receipt.raw.toString()).not.toContain(message.password);
  });

  it('sends no receipt to an account that switched receipts off', async () => {
    const olga = await stack.account('free');
    await setReceiptMails(stack.database.db, (await accountId(olga.email)) ?? '', false, new Date());
    const before = stack.sink.messages.length;
    await nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: stack.port,
        auth: { user: olga.email, pass: olga.password },
      })
      .sendMail({ from: olga.email, to: 'paul@example.net', subject: 'Ohne Quittung', text: 'x' });
    const sealed = (await stack.sink.waitFor(before + 1, 30_000)).slice(before);
    expect(sealed.map((m) => m.to)).toContainEqual(['paul@example.net']);
    // The receipt would be queued before the 250: it is neither waiting in the outbox nor delivered.
    const queued = await queryRows<{ payload: { to: string | string[] } }>(
      stack.database.db,
      sql`select payload from outbox`,
    );
    expect(queued.flatMap((r) => r.payload.to)).not.toContain(olga.email);
    expect(stack.sink.messages.flatMap((m) => m.to)).not.toContain(olga.email);
  });
});

async function accountId(email: string): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    stack.database.db,
    sql`select id from accounts where email = ${email}`,
  );
  return rows[0]?.id;
}
