import type { Envelope, MailTransport, SendOutcome } from './transport';

// The mail transport in memory, for fast tests of what sends mail (STYLE.md "Every adapter has a
// fake"): it keeps each mail it took, and answers as the test tells it: accept (default), throw an
// error like nodemailer's, refuse some recipients, or never answer (a relay that hangs).

export interface SentMail {
  envelope: Envelope;
  raw: Buffer;
}

export type MailResponder = (envelope: Envelope, raw: Buffer) => SendOutcome | Promise<SendOutcome>;

export interface MemoryTransport extends MailTransport {
  readonly sent: SentMail[];
  /** How each following send is answered; `acceptAll` again by default. */
  respondWith(responder: MailResponder): void;
  /** Resolves once `count` mails were taken in all. */
  waitFor(count: number): Promise<SentMail[]>;
  /** Sends that were called, answered or not. */
  readonly calls: number;
}

export const acceptAll: MailResponder = (envelope) => ({
  accepted: envelope.to.slice(),
  rejected: [],
  reference: 'memory',
  response: '250 2.0.0 queued in memory',
});

/** A responder that never answers (the relay took the connection and went silent). */
export const neverAnswer: MailResponder = () => new Promise<SendOutcome>(() => {});

export function createMemoryTransport(): MemoryTransport {
  const sent: SentMail[] = [];
  const waiters = new Set<() => void>();
  let responder: MailResponder = acceptAll;
  let calls = 0;
  return {
    description: 'memory',
    sent,
    get calls() {
      return calls;
    },
    respondWith(r) {
      responder = r;
    },
    async send(envelope, raw) {
      calls += 1;
      const bytes = Buffer.from(raw);
      const out = await responder({ from: envelope.from, to: envelope.to.slice() }, bytes);
      if (out.accepted.length > 0) {
        sent.push({ envelope: { from: envelope.from, to: out.accepted.slice() }, raw: bytes });
        for (const w of waiters) w();
      }
      return out;
    },
    waitFor(count) {
      return new Promise((resolve) => {
        const check = () => {
          if (sent.length < count) return;
          waiters.delete(check);
          resolve(sent.slice());
        };
        waiters.add(check);
        check();
      });
    },
    async close() {},
  };
}
