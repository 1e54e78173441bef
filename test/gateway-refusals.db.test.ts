import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GATEWAY_MAX_SIZE,
  type GatewayStack,
  smtpTalk,
  startGatewayStack,
  submitRaw,
  swaks,
} from './gateway-harness';
import { queryRows } from './helpers/db';
import { extractWith7z, parseSealed, requireTool } from './helpers/sealed';

// Issue 7 "Done when", the refusals: no AUTH, wrong password and the lock after 5, too large, free
// plan with SMS, malformed MIME (sealed as is, verbatim in the ZIP), a client that drops mid-DATA.

let stack: GatewayStack;
beforeAll(async () => {
  await Promise.all(['7z', 'swaks'].map(requireTool));
  stack = await startGatewayStack();
});
afterAll(async () => {
  await stack?.close();
});

async function storedMessages(): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    stack.database.db,
    sql`select count(*) as n from messages`,
  );
  return Number(row?.n ?? 0);
}

function client(user: string, pass: string) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: stack.port, auth: { user, pass } });
}

async function refusal(p: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the gateway to refuse');
  return err as { responseCode?: number; response?: string };
}

/** The ZIP's files of the sealed mail for bob@example.net, opened with the password from the history. */
async function sealedFilesFor(token: string, before: number): Promise<Map<string, Buffer>> {
  const [message] = await stack.history(token);
  if (!message) throw new Error('the message is not in the history');
  // Two mails arrive: the sealed one and the sender's receipt.
  const sealed = (await stack.sink.waitFor(before + 2, 30_000))
    .slice(before)
    .find((m) => m.to.includes('bob@example.net'));
  if (!sealed) throw new Error('the sealed mail did not reach the relay');
  return extractWith7z((await parseSealed(sealed.raw)).zip, message.password);
}

const mail = (from: string) => ({
  from,
  to: 'bob@example.net',
  subject: 'Befund',
  text: 'vertraulich',
});

describe('SMTP gateway refusals', () => {
  it('refuses MAIL FROM without AUTH (530) and stores nothing', async () => {
    const before = await storedMessages();
    const run = await swaks([
      ...['--server', '127.0.0.1', '--port', String(stack.port)],
      ...['--from', 'someone@example.org', '--to', 'bob@example.net', '--body', 'relay me'],
    ]);
    expect(run.output).toMatch(/<\*\* +530 5\.7\.0 Authentication required/);
    expect(run.code).not.toBe(0);
    expect(await storedMessages()).toBe(before);
  });

  it('refuses a wrong password (535) and, after 5, even the right one (454 with the wait)', async () => {
    const erin = await stack.account('paid');
    const codes: Array<number | undefined> = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await refusal(client(erin.email, 'wrong password').sendMail(mail(erin.email)))).responseCode,
      );
    }
    expect(codes.slice(0, 4)).toEqual([535, 535, 535, 535]);
    const locked = await refusal(client(erin.email, erin.password).sendMail(mail(erin.email)));
    expect(locked.responseCode).toBe(454);
    expect(locked.response).toMatch(/4\.7\.0 .*try again in 15 minutes/);
    expect(stack.logs()).not.toContain(erin.password);
  });

  it('refuses a message over the SIZE limit (552) and stores nothing', async () => {
    const frank = await stack.account('paid');
    const before = await storedMessages();
    const big = {
      ...mail(frank.email),
      attachments: [{ filename: 'scan.bin', content: Buffer.alloc(GATEWAY_MAX_SIZE, 1) }],
    };
    const err = await refusal(client(frank.email, frank.password).sendMail(big));
    expect(err.responseCode).toBe(552);
    expect(await storedMessages()).toBe(before);
  });

  it('refuses an SMS recipient on the free plan (550 5.7.1); nothing stored, mailed or texted', async () => {
    const gina = await stack.account('free');
    const [before, mails, texts] = [
      await storedMessages(),
      stack.sink.messages.length,
      stack.twilio.attempts.length,
    ];
    const err = await refusal(
      client(gina.email, gina.password).sendMail({
        ...mail(gina.email),
        to: ['bob@example.net', '+4917055555555@sms.local'],
      }),
    );
    expect(err.responseCode).toBe(550);
    expect(err.response).toMatch(/^550 5\.7\.1 .*paid plan/);
    expect(await storedMessages()).toBe(before);
    expect(await stack.history(gina.token)).toEqual([]);
    expect(stack.sink.messages.length).toBe(mails);
    expect(stack.twilio.attempts.length).toBe(texts);
  });

  it('seals a message that is not MIME at all as it is: the ZIP holds the original byte for byte', async () => {
    const hans = await stack.account('paid');
    // No header line at all (and 8-bit bytes): not a mail message, nothing can be taken apart.
    const original =
      'Das ist keine Mail, nur Text ohne Kopfzeilen\r\nund Umlaute in Latin-1 \xe4\xf6\xfc\r\n';
    const before = stack.sink.messages.length;
    const reply = await submitRaw(stack.port, hans, 'bob@example.net', Buffer.from(original, 'latin1'));
    expect(reply).toMatch(/^250 /);

    const files = await sealedFilesFor(hans.token, before);
    expect([...files.keys()]).toEqual(['nachricht.eml']);
    expect(files.get('nachricht.eml')?.equals(Buffer.from(original, 'latin1'))).toBe(true);
  });

  it('seals a multipart cut off before its closing boundary with its text and attachment', async () => {
    const jana = await stack.account('paid');
    const cut = [
      `From: ${jana.email}`,
      'To: bob@example.net',
      'Subject: abgeschnitten',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XYZ"',
      '',
      '--XYZ',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Der Text vor dem Anhang',
      '--XYZ',
      'Content-Type: text/plain; name="notiz.txt"',
      'Content-Disposition: attachment; filename="notiz.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Kalium 4,1 mmol/l').toString('base64'),
      '',
    ].join('\r\n');
    const before = stack.sink.messages.length;
    expect(await submitRaw(stack.port, jana, 'bob@example.net', Buffer.from(cut))).toMatch(/^250 /);
    const files = await sealedFilesFor(jana.token, before);
    expect(files.get('Anhang-01.txt')?.toString()).toBe('Kalium 4,1 mmol/l');
    expect(files.get('nachricht.eml')?.toString()).toContain('Der Text vor dem Anhang');
  });

  it('stores and sends nothing when the client drops the connection in the middle of DATA', async () => {
    const ida = await stack.account('paid');
    const [mails, texts] = [stack.sink.messages.length, stack.twilio.attempts.length];
    const smtp = await smtpTalk(stack.port);
    await smtp.command('EHLO client.example');
    await smtp.command(`AUTH PLAIN ${Buffer.from(`\0${ida.email}\0${ida.password}`).toString('base64')}`);
    await smtp.command(`MAIL FROM:<${ida.email}>`);
    await smtp.command('RCPT TO:<bob@example.net>');
    await smtp.command('RCPT TO:<+4917055555555@sms.local>');
    expect(await smtp.command('DATA')).toMatch(/^354 /);
    smtp.write(`From: ${ida.email}\r\nSubject: halb\r\n\r\nDie erste Hälfte und dann`);
    smtp.drop();

    // A complete message afterwards: once it is stored, the dropped one was long gone.
    await client(ida.email, ida.password).sendMail({ ...mail(ida.email), subject: 'ganz' });
    const history = await stack.history(ida.token);
    expect(history.map((m) => m.subject)).toEqual(['ganz']);
    await stack.sink.waitFor(mails + 2, 30_000);
    expect(stack.sink.messages.length).toBe(mails + 2);
    expect(stack.twilio.attempts.length).toBe(texts);
  });

  it('answers 451 4.3.0 when the database is gone at the end of DATA, so the client tries again', async () => {
    const down = await startGatewayStack();
    try {
      const kurt = await down.account('paid');
      const smtp = await smtpTalk(down.port);
      await smtp.command('EHLO client.example');
      const plain = Buffer.from(`\0${kurt.email}\0${kurt.password}`).toString('base64');
      expect(await smtp.command(`AUTH PLAIN ${plain}`)).toMatch(/^235 /);
      await smtp.command(`MAIL FROM:<${kurt.email}>`);
      await smtp.command('RCPT TO:<bob@example.net>');
      await down.stopDatabase();
      expect(await smtp.command('DATA')).toMatch(/^354 /);
      smtp.write(`From: ${kurt.email}\r\nSubject: Ausfall\r\n\r\nBitte später noch einmal.\r\n`);
      expect(await smtp.command('.')).toMatch(/^451 4\.3\.0 /);
      expect(down.sink.messages).toHaveLength(0);
      expect(down.logs()).not.toContain('Bitte später');
    } finally {
      await down.close();
    }
  });
});
