import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import type { AppEnv } from './env';
import { clientIp } from './middleware';

// Whose address the login lock and the sign-up limit count: the socket's, or behind a reverse proxy
// named in TRUST_PROXY, the client that proxy names in X-Forwarded-For.

function app(trustProxy: string | undefined) {
  const config = loadConfig({ DATA_DIR: '/tmp/unused', TRUST_PROXY: trustProxy });
  const a = new Hono<AppEnv>();
  a.use(async (c, next) => {
    c.set('deps', { config } as AppEnv['Variables']['deps']);
    await next();
  });
  a.get('/ip', (c) => c.text(clientIp(c)));
  return a;
}

async function ipSeen(a: Hono<AppEnv>, socket: string, forwardedFor?: string): Promise<string> {
  const headers: Record<string, string> =
    forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const res = await a.request('/ip', { headers }, { incoming: { socket: { remoteAddress: socket } } });
  return res.text();
}

describe('clientIp', () => {
  it('ignores X-Forwarded-For without TRUST_PROXY: anyone can send it', async () => {
    expect(await ipSeen(app(undefined), '198.51.100.7', '203.0.113.1')).toBe('198.51.100.7');
  });

  it('takes the client a trusted proxy names, so clients behind it are told apart', async () => {
    const a = app('10.0.0.0/8, 192.0.2.10');
    expect(await ipSeen(a, '10.1.2.3', '203.0.113.1')).toBe('203.0.113.1');
    expect(await ipSeen(a, '10.1.2.3', '203.0.113.2')).toBe('203.0.113.2');
    // Two trusted hops: the first untrusted address from the right is the client.
    expect(await ipSeen(a, '10.1.2.3', '198.51.100.66, 203.0.113.9, 192.0.2.10')).toBe('203.0.113.9');
  });

  it('does not let a client behind the proxy pick its address by sending its own header', async () => {
    const a = app('10.0.0.0/8');
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(await ipSeen(a, '10.1.2.3', '1.2.3.4, 203.0.113.5')).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from a socket that is not a trusted proxy', async () => {
    expect(await ipSeen(app('10.0.0.0/8'), '198.51.100.8', '203.0.113.1')).toBe('198.51.100.8');
  });

  it('reads IPv4-mapped socket addresses as IPv4, and without a socket says unknown', async () => {
    expect(await ipSeen(app(undefined), '::ffff:198.51.100.9')).toBe('198.51.100.9');
    const res = await app(undefined).request('/ip');
    expect(await res.text()).toBe('unknown');
  });

  it('stops start-up for a TRUST_PROXY that is not a list of addresses, naming it', () => {
    expect(() => loadConfig({ DATA_DIR: '/tmp/unused', TRUST_PROXY: '10.0.0.0/99' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: '/tmp/unused', TRUST_PROXY: 'proxy.example' })).toThrow(
      /TRUST_PROXY/,
    );
  });
});
