import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../api/config';
import type { AppContext } from '../api/context';
import type { RunningService } from '../api/lifecycle';
import { createLogger } from '../api/log';
import { httpService, httpTimeouts } from '../api/server';

// A client that opens a connection and sends its headers slowly (slowloris) holds a socket only
// briefly: the server answers 408 and closes once httpTimeouts.headersTimeout has passed. No request
// is ever complete here, so the app behind it needs no database.

let http: RunningService;
let port = 0;
beforeAll(async () => {
  const config = { ...loadConfig({ DATA_DIR: '/tmp/vertraulich-unused' }), port: 0 };
  const log = createLogger({ level: 'silent' });
  const deps = { config, log, now: () => new Date() } as unknown as AppContext;
  http = await httpService.start({ config, deps, handle: undefined as never, log });
  port = Number(/localhost:(\d+)/.exec(http.describe.join(' '))?.[1]);
});
afterAll(async () => {
  await http.stop();
});

describe('HTTP timeouts', () => {
  it('cuts a client whose headers never end, soon after headersTimeout', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const started = performance.now();
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const seconds = (performance.now() - started) / 1000;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const limit = httpTimeouts.headersTimeout + 2 * httpTimeouts.connectionsCheckingInterval;
    expect(seconds).toBeLessThan(limit / 1000);
  }, 30_000);
});
