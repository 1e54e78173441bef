import type { Sms, SmsSender } from './sender';

// The SMS sender in memory, for fast tests (STYLE.md "Every adapter has a fake"): keeps each SMS it
// took and answers as the test tells it: accept (default) or throw an error like Twilio's client
// (e.g. `Object.assign(new Error('busy'), { status: 503 })`).

export type SmsResponder = (sms: Sms) => { reference: string } | Promise<{ reference: string }>;

export interface MemorySmsSender extends SmsSender {
  readonly sent: Sms[];
  /** Every send called, accepted or not. */
  readonly attempts: Sms[];
  respondWith(responder: SmsResponder): void;
  /** Resolves once `count` SMS were accepted in all. */
  waitFor(count: number): Promise<Sms[]>;
}

export function createMemorySmsSender(): MemorySmsSender {
  const sent: Sms[] = [];
  const attempts: Sms[] = [];
  const waiters = new Set<() => void>();
  let n = 0;
  const acceptAll: SmsResponder = () => {
    n += 1;
    return { reference: `SMmemory${n}` };
  };
  let responder: SmsResponder = acceptAll;
  return {
    description: 'memory',
    sent,
    attempts,
    respondWith(r) {
      responder = r;
    },
    async send(sms) {
      attempts.push({ ...sms });
      const out = await responder({ ...sms });
      sent.push({ ...sms });
      for (const w of waiters) w();
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
  };
}
