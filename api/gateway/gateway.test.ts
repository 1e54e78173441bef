import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../test/helpers/self-signed-cert';
import { AppError } from '../errors';
import { createGateway, type Gateway, type GatewayOptions, type SubmissionEnvelope } from './gateway';

// The SMTP semantics against fakes of login and send path, with nodemailer as the real client.

interface FakeAccount {
  id: string;
  email: string;
}

const alice: FakeAccount = { id: 'acc_alice', email: 'alice@example.org' };
const secret = 'correct horse battery staple';

interface Harness {
  port: number;
  submitted: Array<{ account: FakeAccount; raw: Buffer; envelope: SubmissionEnvelope }>;
  logLines: string[];
}

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function start(overrides: Partial<GatewayOptions<FakeAccount>> = {}, host = '127.0.0.1') {
  const h: Harness = { port: 0, submitted: [], logLines: [] };
  const log = pino({ level: 'debug' }, { write: (line: string) => h.logLines.push(line) });
  gateway = createGateway<FakeAccount>({
    log,
    maxSize: 64 * 1024,
    async authenticate(username, password) {
      if (username === alice.email && password === secret) return alice;
      throw new AppError('unauthorized', 'Wrong email address or password.');
    },
    async submit(account, raw, envelope) {
      h.submitted.push({ account, raw, envelope });
      return { id: `msg_${h.submitted.length}` };
    },
    ...overrides,
  });
  h.port = await gateway.listen(0, host);
  return h;
}

function client(port: number, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: alice.email, pass: secret },
    ...extra,
  });
}

const message = {
  from: alice.email,
  to: ['bob@example.net', '+4917055555555@sms.local'],
  subject: 'Befund',
  text: 'Hallo Bob',
  attachments: [{ filename: 'befund.txt', content: 'vertraulich' }],
};

async function failure(p: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the submission to be refused');
  return err as { responseCode?: number; response?: string };
}

/** A one-shot event: `fire()` resolves `fired`. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire: () => void = () => {};
  const fired = new Promise<void>((r) => {
    fire = r;
  });
  return { fired, fire };
}

describe('SMTP submission gateway', () => {
  it('accepts an authenticated message and answers only after submit stored it', async () => {
    const inSubmit = signal();
    const stored = signal();
    let replied = false;
    const h = await start({
      async submit(_account, raw) {
        inSubmit.fire();
        await stored.fired;
        expect(replied).toBe(false);
        expect(raw.includes('befund.txt')).toBe(true);
        return { id: 'msg_slow' };
      },
    });
    const sending = client(h.port)
      .sendMail(message)
      .then((info) => {
        replied = true;
        return info;
      });
    await inSubmit.fired;
    expect(replied).toBe(false);
    stored.fire();
    const info = await sending;
    expect(info.response).toMatch(/^250 .*msg_slow/);
  });

  it('says nothing to the message while submit is still storing it, up to the end of the session', async () => {
    const inSubmit = signal();
    const stored = signal();
    const submitDone = signal();
    const h = await start({
      async submit() {
        inSubmit.fire();
        await stored.fired;
        submitDone.fire();
        return { id: 'msg_slow' };
      },
    });
    const auth = Buffer.from(`\0${alice.email}\0${secret}`).toString('base64');
    const socket = await open(h.port);
    await exchange(socket, 'EHLO test');
    await exchange(socket, `AUTH PLAIN ${auth}`);
    await exchange(socket, `MAIL FROM:<${alice.email}>`);
    await exchange(socket, 'RCPT TO:<bob@example.net>');
    expect(await exchange(socket, 'DATA')).toMatch(/^354/);
    let after = '';
    socket.on('data', (chunk: Buffer) => {
      after += chunk.toString();
    });
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    socket.write(`From: ${alice.email}\r\nTo: bob@example.net\r\nSubject: Befund\r\n\r\nHallo Bob\r\n.\r\n`);
    // submit holds the whole message now. The client ends its side; the server's answers so far,
    // and only those, reach it before the server's end of the connection (TCP keeps the order), so
    // once the socket is closed, a reply sent before the message was stored would be in `after`.
    await inSubmit.fired;
    socket.end();
    await ended;
    expect(after).toBe('');
    stored.fire();
    await submitDone.fired;
  });

  it('hands the raw message and every envelope recipient (…@sms.local too) to submit', async () => {
    const h = await start();
    await client(h.port, { authMethod: 'LOGIN' }).sendMail({ ...message, bcc: 'carol@example.com' });
    expect(h.submitted).toHaveLength(1);
    const [got] = h.submitted;
    expect(got?.account).toEqual(alice);
    expect(got?.envelope).toEqual({
      mailFrom: alice.email,
      rcptTo: ['bob@example.net', '+4917055555555@sms.local', 'carol@example.com'],
    });
    expect(got?.raw.toString()).toContain('Subject: Befund');
    expect(h.logLines.join('')).not.toContain(secret);
  });

  it('takes several messages over one logged-in connection', async () => {
    const h = await start();
    const pooled = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      host: '127.0.0.1',
      port: h.port,
      auth: { user: alice.email, pass: secret },
    });
    await Promise.all([1, 2, 3].map((i) => pooled.sendMail({ ...message, subject: `Nr. ${i}` })));
    pooled.close();
    expect(h.submitted.map((s) => s.account.id)).toEqual([alice.id, alice.id, alice.id]);
    expect(h.logLines.filter((l) => l.includes('smtp login"')).length).toBe(1);
  });

  it('refuses MAIL FROM without AUTH with 530', async () => {
    const h = await start();
    const err = await failure(client(h.port, { auth: undefined }).sendMail(message));
    expect(err.responseCode).toBe(530);
    expect(h.submitted).toHaveLength(0);
  });

  it('refuses a wrong password with 535', async () => {
    const h = await start();
    const err = await failure(
      client(h.port, { auth: { user: alice.email, pass: 'nope' } }).sendMail(message),
    );
    expect(err.responseCode).toBe(535);
    expect(h.logLines.join('')).not.toContain('nope');
  });

  it('answers a locked account with 454 and the minutes to wait', async () => {
    const h = await start({
      authenticate: () =>
        Promise.reject(new AppError('locked', 'Too many wrong passwords', { retryAfter: 600 })),
    });
    const err = await failure(client(h.port).sendMail(message));
    expect(err.responseCode).toBe(454);
    expect(err.response).toContain('try again in 10 minutes');
  });

  it('answers 454 when the login cannot be checked for now (e.g. database down)', async () => {
    const h = await start({ authenticate: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    const err = await failure(client(h.port).sendMail(message));
    expect(err.responseCode).toBe(454);
    expect(err.response).toMatch(/^454 4\.7\.0 Temporary authentication failure/);
  });

  it('announces SIZE and refuses a larger message with 552, storing nothing', async () => {
    const h = await start();
    const ehlo = await talk(h.port, ['EHLO test']);
    expect(ehlo).toMatch(new RegExp(`250[- ]SIZE ${64 * 1024}\r\n`));
    const big = { ...message, attachments: [{ filename: 'big.bin', content: Buffer.alloc(80 * 1024, 7) }] };
    const err = await failure(client(h.port).sendMail(big));
    expect(err.responseCode).toBe(552);
    expect(h.submitted).toHaveLength(0);
  });

  describe.each([
    [new AppError('forbidden', 'SMS needs a paid plan'), 550, /^550 5\.7\.1 SMS needs a paid plan/],
    [new Error('connect ECONNREFUSED 127.0.0.1:5432'), 451, /^451 4\.3\.0 /],
    [new AppError('payload_too_large', 'too big'), 552, /^552 5\.3\.4 /],
    [new AppError('unavailable', 'database down'), 451, /^451 4\.3\.0 /],
    [
      new AppError('invalid', 'The request is not valid.', {
        errors: [{ path: 'rcptTo.1', message: "'12@sms.local' is not a valid phone number" }],
      }),
      550,
      /^550 5\.6\.0 The request is not valid\. rcptTo\.1: '12@sms\.local' is not a valid phone number/,
    ],
    [new AppError('conflict', 'Already sent.'), 550, /^550 5\.0\.0 Already sent/],
  ])('when the send path fails with %o', (thrown, code, text) => {
    it(`answers ${code}`, async () => {
      const h = await start({ submit: () => Promise.reject(thrown) });
      const err = await failure(client(h.port).sendMail(message));
      expect(err.responseCode).toBe(code);
      expect(err.response).toMatch(text);
      expect(h.logLines.join('')).not.toContain('Hallo Bob');
    });
  });

  it('keeps query parameters of a failed database write out of the log', async () => {
    const leaked = 'Kx7m-P2qr-9Tzb-W4nd-Hs3e';
    const failed = new DrizzleQueryError(
      'insert into "outbox" values ($1)',
      [leaked],
      new Error('disk full'),
    );
    const h = await start({ submit: () => Promise.reject(failed) });
    const err = await failure(client(h.port).sendMail(message));
    expect(err.responseCode).toBe(451);
    expect(h.logLines.join('')).toContain('insert into');
    expect(h.logLines.join('')).not.toContain(leaked);
  });

  it('stores nothing when the client drops the connection in the middle of DATA', async () => {
    const h = await start();
    const auth = Buffer.from(`\0${alice.email}\0${secret}`).toString('base64');
    const socket = await open(h.port);
    await exchange(socket, 'EHLO test');
    await exchange(socket, `AUTH PLAIN ${auth}`);
    await exchange(socket, `MAIL FROM:<${alice.email}>`);
    await exchange(socket, 'RCPT TO:<bob@example.net>');
    expect(await exchange(socket, 'DATA')).toMatch(/^354/);
    socket.write('Subject: half\r\n\r\nthe first half of the');
    socket.destroy();
    // A complete message on a second connection: once it is stored, the first one was long closed.
    await client(h.port).sendMail(message);
    expect(h.submitted).toHaveLength(1);
    expect(h.submitted[0]?.raw.toString()).not.toContain('the first half');
  });

  it('offers STARTTLS with the configured certificate and then accepts AUTH', async () => {
    const { key, cert } = await makeSelfSignedCert();
    const h = await start({ tls: { key, cert } });
    const info = await client(h.port, {
      requireTLS: true,
      tls: { ca: cert, servername: 'localhost' },
    }).sendMail(message);
    expect(info.response).toMatch(/^250 /);
    expect(h.submitted).toHaveLength(1);
  });

  it('speaks TLS from the first byte when implicit TLS is configured', async () => {
    const { key, cert } = await makeSelfSignedCert();
    const h = await start({ tls: { key, cert, implicitTls: true } });
    const info = await client(h.port, { secure: true, tls: { ca: cert, servername: 'localhost' } }).sendMail(
      message,
    );
    expect(info.response).toMatch(/^250 /);
  });

  it('refuses AUTH in clear text from a non-loopback address with 538', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!outside) throw new Error('this test needs a non-loopback IPv4 interface on the machine');
    const h = await start({}, '0.0.0.0');
    const err = await failure(client(h.port, { host: outside, ignoreTLS: true }).sendMail(message));
    expect(err.responseCode).toBe(538);
    expect(h.submitted).toHaveLength(0);
  });
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('data', () => resolve(socket)); // the 220 greeting
  });
}

function exchange(socket: Socket, line: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (chunk: Buffer) => {
      got += chunk.toString();
      // the last line of a reply has a space after the code
      if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(got)) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
    socket.write(`${line}\r\n`);
  });
}

async function talk(port: number, lines: string[]): Promise<string> {
  const socket = await open(port);
  let out = '';
  for (const line of lines) out += await exchange(socket, line);
  socket.destroy();
  return out;
}
