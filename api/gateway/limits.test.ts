import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createGateway, type Gateway, type GatewayLimits } from './gateway';

// The gateway's abuse limits (issue 13): 452 4.5.3 past the recipient limit at RCPT time, 421 for
// one connection more than maxClients and past the connection rate; the send path's refusals of an
// unverified or suspended account (550 5.7.1) and of a quota (451 4.7.1) as SMTP replies.

const alice = { id: 'acc_alice', email: 'alice@example.org' };
const secret = 'correct horse battery staple';
let gateway: Gateway | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await gateway?.close();
  gateway = undefined;
});

async function start(limits: Partial<GatewayLimits>, refuse?: AppError) {
  const submitted: string[][] = [];
  gateway = createGateway({
    log: pino({ level: 'silent' }),
    maxSize: 64 * 1024,
    limits: { maxClients: 100, connectionsPerMinute: 1000, recipientsPerMessage: 50, ...limits },
    async authenticate(username, password) {
      if (username === alice.email && password === secret) return alice;
      throw new AppError('unauthorized', 'Wrong email address or password.');
    },
    async submit(_account, _raw, envelope) {
      if (refuse) throw refuse;
      submitted.push(envelope.rcptTo);
      return { id: `msg_${submitted.length}` };
    },
  });
  const port = await gateway.listen(0, '127.0.0.1');
  return { port, submitted };
}

const mailer = (port: number) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: alice.email, pass: secret },
  });

async function refusal(p: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected a refusal');
  return err as { responseCode?: number; response?: string };
}

/** Opens a raw connection and resolves with the first line the server writes. */
async function greeting(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const [chunk] = (await once(socket, 'data')) as [Buffer];
  return chunk.toString();
}

describe('gateway limits', () => {
  it('answers 452 4.5.3 past the recipient limit at RCPT time: the message goes to the first ones only', async () => {
    const { port, submitted } = await start({ recipientsPerMessage: 3 });
    const info = await mailer(port).sendMail({
      from: alice.email,
      to: ['a@example.net', 'b@example.net', '+4917055555555@sms.local', 'd@example.net', 'e@example.net'],
      text: 'x',
    });
    // RFC 5321 §4.5.3.1.10: the client sends the rest in another message.
    expect(info.rejected).toEqual(['d@example.net', 'e@example.net']);
    const errors = (info as unknown as { rejectedErrors: { response: string }[] }).rejectedErrors;
    expect(errors[0]?.response).toMatch(/^452 4\.5\.3 Too many recipients: at most 3 per message/);
    expect(submitted).toEqual([['a@example.net', 'b@example.net', '+4917055555555@sms.local']]);
  });

  it('answers one connection more than maxClients with 421', async () => {
    const { port } = await start({ maxClients: 2 });
    expect(await greeting(port)).toMatch(/^220 /);
    expect(await greeting(port)).toMatch(/^220 /);
    expect(await greeting(port)).toMatch(/^421 .*Too many connected clients/);
  });

  it('answers 421 4.7.0 past the connections per minute of one address', async () => {
    const { port } = await start({ connectionsPerMinute: 2 });
    expect(await greeting(port)).toMatch(/^220 /);
    expect(await greeting(port)).toMatch(/^220 /);
    expect(await greeting(port)).toMatch(/^421 4\.7\.0 Too many connections from your address/);
  });
});

describe.each([
  [
    'unverified',
    new AppError('unverified', 'Please confirm your email address first.'),
    /^550 5\.7\.1 Please confirm/,
  ],
  [
    'suspended',
    new AppError('suspended', 'This account is suspended. Reason: spam.'),
    /^550 5\.7\.1 This account is suspended/,
  ],
  [
    'quota',
    new AppError('quota', 'You have sent 20 messages.', { retryAfter: 60 }),
    /^451 4\.7\.1 You have sent 20/,
  ],
])('a send path refusal (%s)', (_, error, reply) => {
  it('becomes its SMTP reply', async () => {
    const { port } = await start({}, error);
    const err = await refusal(mailer(port).sendMail({ from: alice.email, to: ['a@example.net'], text: 'x' }));
    expect(err.response).toMatch(reply);
  });
});
