import { randomBytes, randomInt } from 'node:crypto';
import net from 'node:net';
import type { Sender, Service } from './stand';

// SMTP fuzzing over bare sockets: garbage commands, wrong logins, odd envelopes, and messages the
// parser may refuse (nested multiparts, NUL bytes, no header, broken base64, 8-bit), some cut off
// mid-DATA. The gateway must answer every session without hanging; a message it takes is 250, one it
// refuses for good 5xx, and 451 4.3.0 (try again) is a finding while the database and relay are up.

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)] as T;

class Talk {
  private buffer = '';
  private waiting: ((line: string) => void) | undefined;
  closed = false;
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.flush();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.('');
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<Talk> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Talk(socket)));
      socket.once('error', reject);
    });
  }

  private flush() {
    // A reply ends with a line "NNN text" (a space after the code, RFC 5321 §4.2).
    const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
    if (!m || !this.waiting) return;
    const end = m.index + m[0].length;
    const reply = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    const w = this.waiting;
    this.waiting = undefined;
    w(reply.trim().split('\r\n').at(-1) ?? '');
  }

  reply(ms = 20_000): Promise<string> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve('TIMEOUT');
      }, ms);
      this.waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.flush();
      if (this.closed) this.waiting?.('');
    });
  }

  send(data: string | Buffer) {
    if (!this.closed) this.socket.write(data);
  }

  async command(line: string): Promise<string> {
    this.send(Buffer.from(`${line}\r\n`, 'latin1'));
    return this.reply();
  }

  end() {
    this.socket.destroy();
  }
}

function nested(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n`;
    close = `\r\n--n${i}--\r\n${close}`;
  }
  return `Subject: tief\r\nMIME-Version: 1.0\r\n${open}Content-Type: text/plain\r\n\r\nx${close}`;
}

const bodies: (() => Buffer)[] = [
  () => Buffer.from('From: a@example.org\r\nSubject: normal\r\n\r\nHallo\r\n'),
  () => Buffer.from(nested(randomInt(500, 2500))),
  () => Buffer.concat([Buffer.from('Subject: nul\r\n\r\n'), randomBytes(2_000), Buffer.from('\r\n')]),
  () => Buffer.from('ohne Kopf, nur Text \xe4\xf6\xfc\r\n', 'latin1'),
  () =>
    Buffer.from(
      'Subject: b64\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***\r\n--X--\r\n',
    ),
  () => Buffer.from(`Subject: ${'x'.repeat(20_000)}\r\n\r\nlange Zeile\r\n`),
  () =>
    Buffer.from(
      `Subject: =?utf-8?B?${randomBytes(30).toString('base64')}?=\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\n\u0000\r\n`,
      'latin1',
    ),
];

/** Lines starting with a dot are doubled (RFC 5321 §4.5.2), so DATA ends only at our own dot. */
function dotStuff(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1').replace(/(^|\r\n)\./g, '$1..'), 'latin1');
}

export interface SmtpFuzzFigures {
  sessions: number;
  authReplies: Record<string, number>;
  dataReplies: Record<string, number>;
  unexpected451: number;
  hung: number;
  examples: string[];
}

async function session(port: number, sender: Sender, out: SmtpFuzzFigures): Promise<void> {
  const talk = await Talk.open(port);
  try {
    if ((await talk.reply()) === 'TIMEOUT') throw new Error('no greeting');
    const kind = randomInt(10);
    if (kind === 0) {
      for (let i = 0; i < 5; i++)
        await talk.command(randomBytes(randomInt(1, 300)).toString('latin1').replace(/\r|\n/g, ''));
      await talk.command('QUIT');
      return;
    }
    const helo =
      randomInt(5) === 0 ? pick(['', 'x'.repeat(600), '\u0000']) : pick(['fuzz.example', '[127.0.0.1]']);
    await talk.command(`EHLO ${helo}`);
    const user = kind === 1 ? `nobody${randomInt(1e6)}@example.org` : sender.email;
    const pass = kind === 1 ? 'wrong' : sender.password;
    const auth = await talk.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`);
    const authCode = auth.slice(0, 3) || 'closed';
    out.authReplies[authCode] = (out.authReplies[authCode] ?? 0) + 1;
    if (!auth.startsWith('235')) {
      await talk.command('QUIT');
      return;
    }
    const from = randomInt(5) === 0 ? pick(['', 'a\u0000b@example.org', 'x'.repeat(400)]) : sender.email;
    await talk.command(`MAIL FROM:<${from}>`);
    const rcpts = kind === 2 ? randomInt(1, 60) : 1;
    await talk.command('RCPT TO:<fuzz-smtp@example.org>');
    for (let i = 1; i < rcpts; i++) {
      await talk.command(
        `RCPT TO:<${pick(['fuzz-smtp@example.org', 'no-at-sign', '+49170@sms.local', 'a\u0000@example.org', `r${i}@example.org`])}>`,
      );
    }
    if (!(await talk.command('DATA')).startsWith('354')) {
      await talk.command('QUIT');
      return;
    }
    talk.send(dotStuff(pick(bodies)()));
    if (kind === 3) return; // cut off mid-DATA
    const reply = await talk.command('\r\n.');
    const code = reply.slice(0, 3) || 'closed';
    out.dataReplies[code] = (out.dataReplies[code] ?? 0) + 1;
    if (reply === 'TIMEOUT') out.hung += 1;
    // 451 4.7.0 is a rate limit (legitimate); 451 4.3.0 is the gateway's "something failed".
    if (reply.startsWith('451 4.3.0')) {
      out.unexpected451 += 1;
      if (out.examples.length < 5) out.examples.push(reply.slice(0, 120));
    }
    await talk.command('QUIT');
  } finally {
    talk.end();
  }
}

export async function fuzzSmtp(
  service: Service,
  senders: Sender[],
  total: number,
  parallel: number,
): Promise<SmtpFuzzFigures> {
  const out: SmtpFuzzFigures = {
    sessions: 0,
    authReplies: {},
    dataReplies: {},
    unexpected451: 0,
    hung: 0,
    examples: [],
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async (_, w) => {
      while (next < total) {
        next += 1;
        out.sessions += 1;
        await session(service.smtpPort, senders[w % senders.length] as Sender, out).catch((err: Error) => {
          out.hung += 1;
          if (out.examples.length < 5) out.examples.push(err.message);
        });
      }
    }),
  );
  return out;
}
