import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayStack, smtpTalk, startGatewayStack, submitRaw, swaks } from './gateway-harness';
import { queryRows } from './helpers/db';
import { requireTool } from './helpers/sealed';

// Issue 14 "Forged sender": the submitted From went unchecked into the PDF and the .eml, so a
// recipient read "Von: Bank <security@bank.de>". The gateway refuses a From, Sender or envelope
// sender other than the account's own address with 550 5.7.1, and nothing is stored or sent.

let stack: GatewayStack;
beforeAll(async () => {
  await requireTool('swaks');
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

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the gateway to refuse');
  return (err as { response?: string }).response ?? String(err);
}

function raw(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('SMTP gateway: only the account’s own address as sender', () => {
  it.each([
    ['a From header', (own: string) => ({ from: 'Bank <security@bank.de>', envelope: { from: own } })],
    ['an envelope sender', (own: string) => ({ from: own, envelope: { from: 'security@bank.de' } })],
    [
      'a second address in From',
      (own: string) => ({ from: [own, 'security@bank.de'], envelope: { from: own } }),
    ],
    [
      'a Sender header',
      (own: string) => ({ from: own, sender: 'security@bank.de', envelope: { from: own } }),
    ],
  ])('refuses %s of someone else with 550 5.7.1 and sends nothing (nodemailer)', async (_what, forged) => {
    const alice = await stack.account('paid');
    const [before, mails] = [await storedMessages(), stack.sink.messages.length];
    const reply = await refused(
      client(alice.email, alice.password).sendMail({
        ...forged(alice.email),
        envelope: { ...forged(alice.email).envelope, to: ['bob@example.net', '+4917055555555@sms.local'] },
        to: ['bob@example.net', '+4917055555555@sms.local'],
        subject: 'Ihr Konto',
        text: 'Bitte bestätigen Sie Ihre PIN.',
      }),
    );
    expect(reply).toMatch(/^550 5\.7\.1 .*own address/);
    expect(reply).toContain(alice.email);
    expect(await storedMessages()).toBe(before);
    expect(await stack.history(alice.token)).toEqual([]);
    expect(stack.sink.messages.length).toBe(mails);
  });

  it('answers MAIL FROM of someone else at once with 550 5.7.1, and takes the own one after it', async () => {
    const fritz = await stack.account('paid');
    const smtp = await smtpTalk(stack.port);
    await smtp.command('EHLO client.example');
    const plain = Buffer.from(`\0${fritz.email}\0${fritz.password}`).toString('base64');
    expect(await smtp.command(`AUTH PLAIN ${plain}`)).toMatch(/^235 /);
    expect(await smtp.command('MAIL FROM:<security@bank.de>')).toMatch(/^550 5\.7\.1 .*MAIL FROM/);
    expect(await smtp.command(`MAIL FROM:<${fritz.email}>`)).toMatch(/^250 /);
    await smtp.command('QUIT');
  });

  it('refuses a forged sender sent with swaks', async () => {
    const carol = await stack.account('paid');
    const run = await swaks([
      ...['--server', '127.0.0.1', '--port', String(stack.port)],
      ...['--auth', 'LOGIN', '--auth-user', carol.email, '--auth-password', carol.password],
      ...['--from', 'security@bank.de', '--to', 'dave@example.org', '--header', 'Subject: PIN'],
    ]);
    expect(run.output).toMatch(/<\*\* +550 5\.7\.1 /);
    expect(await stack.history(carol.token)).toEqual([]);
  });

  it('refuses a From in the obsolete syntax (`From  : …`) that names someone else', async () => {
    const dora = await stack.account('paid');
    const forged = raw(['From  : Bank <security@bank.de>', 'To: bob@example.net', 'Subject: PIN', '', 'x']);
    expect(await submitRaw(stack.port, dora, 'bob@example.net', forged)).toMatch(/^550 5\.7\.1 /);
    expect(await stack.history(dora.token)).toEqual([]);
  });

  it('takes the own address in any case and with a display name', async () => {
    const emil = await stack.account('paid');
    const own = raw([
      `From: "Dr. Emil Berg" <${emil.email.toUpperCase()}>`,
      'To: bob@example.net',
      'Subject: Befund',
      '',
      'x',
    ]);
    expect(await submitRaw(stack.port, emil, 'bob@example.net', own)).toMatch(/^250 /);
    expect(await stack.history(emil.token)).toHaveLength(1);
  });
});
