import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// The relay the API benchmark delivers to: a local smtp-server that accepts every message and
// counts it. The tests' sink (test/helpers/smtp-sink.ts) keeps each message and can refuse; the
// benchmark needs neither, and product code never imports test/.

export interface CountingRelay {
  readonly url: string;
  readonly received: number;
  /** Resolves once `count` messages arrived in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCountingRelay(): Promise<CountingRelay> {
  let received = 0;
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: 100 * 1024 * 1024,
    logger: false,
    onData(stream, _session, cb) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        for (const w of waiters) w();
        cb(null);
      });
    },
  });
  server.on('error', () => {
    // Client resets are no concern of the benchmark.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    waitFor(count, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`relay: expected ${count} message(s), got ${received}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// As its own process (`npm run bench` runs the relay apart from the service it measures): prints
// its address once over IPC, then answers each 'count' message with the messages received so far.
if (process.argv[2] === '--child' && process.send) {
  const relay = await startCountingRelay();
  process.send({ url: relay.url });
  process.on('message', (m) => {
    if (m === 'count') process.send?.({ received: relay.received });
    if (m === 'close') void relay.close().then(() => process.exit(0));
  });
}
