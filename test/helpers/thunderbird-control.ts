import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UiStep } from '../../thunderbird-ext/src/test-hook-ui';

// The test side of the extension's test hook (thunderbird-ext/src/test-hook.ts, only in the test
// build): an HTTP server on 127.0.0.1:0 that the hook long-polls for commands and reports back to.
// Put `hookFiles()` into the test .xpi (configureXpi's `extra`), start Thunderbird, await `ready()`,
// then drive it with `compose`, `popup`, `send` and `tabs`.

export type { UiStep };

export interface ComposeSpec {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  /** Plain text; ignored when `html` is given. */
  body?: string;
  /** Makes an HTML draft with this body. */
  html?: string;
  attachments?: { name: string; contentType: string; content: Uint8Array }[];
}

export interface TabInfo {
  id: number;
  type: string;
  url?: string;
}

export interface ThunderbirdControl {
  url: string;
  /** Files to add to the test .xpi so its hook finds this server. */
  hookFiles(): Record<string, Uint8Array>;
  /** Resolves when the extension's background script has started and said hello. */
  ready(timeoutMs?: number): Promise<void>;
  call<T = unknown>(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Opens a compose window (compose.beginNew) and returns its tab id. */
  compose(spec: ComposeSpec): Promise<number>;
  /** Sends what the popup sends (thunderbird-ext/src/protocol.ts) and returns the background's answer. */
  popup<T = unknown>(request: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Presses Send as the user would (compose.sendMessage); resolves to the send's outcome. */
  send(tabId: number): Promise<{ ok: true; value: unknown } | { ok: false; error: string }>;
  tabs(): Promise<TabInfo[]>;
  /** Clicks the compose window's toolbar button: the popup opens there (composeAction.openPopup). */
  openPopup(tabId: number): Promise<void>;
  /**
   * Acts on the open popup ('popup') or another page of the extension (e.g. 'result.html') like a
   * user: fill, check, click, read (steps of thunderbird-ext/src/test-hook-ui.ts). Returns what was read.
   */
  ui(page: string, steps: UiStep[]): Promise<string[]>;
  close(): Promise<void>;
}

interface Done {
  id: string;
  ok: boolean;
  value?: unknown;
  error?: string;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startThunderbirdControl(): Promise<ThunderbirdControl> {
  const queue: { id: string; name: string; args: Record<string, unknown> }[] = [];
  const polls: ServerResponse[] = [];
  const waiting = new Map<string, (done: Done) => void>();
  let closed = false;
  let hello: () => void = () => undefined;
  const greeted = new Promise<void>((resolve) => {
    hello = resolve;
  });

  const flush = () => {
    while (queue.length > 0 && polls.length > 0) {
      const res = polls.shift();
      const command = queue.shift();
      res?.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(command));
    }
  };

  const server = createServer(async (req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'GET' && req.url === '/next') {
      if (closed) return res.writeHead(410).end();
      polls.push(res);
      // Answer an idle poll after a while so no proxy or timer in between gives up on it.
      const timer = setTimeout(() => {
        const i = polls.indexOf(res);
        if (i >= 0) polls.splice(i, 1);
        if (!res.writableEnded) res.writeHead(204).end();
      }, 15_000);
      res.on('close', () => clearTimeout(timer));
      return flush();
    }
    const text = await body(req);
    if (req.url === '/hello') hello();
    if (req.url === '/done') {
      const done = JSON.parse(text) as Done;
      waiting.get(done.id)?.(done);
      waiting.delete(done.id);
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const raw = (name: string, args: Record<string, unknown>, timeoutMs: number): Promise<Done> =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`Thunderbird did not answer '${name}' within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (done) => {
        clearTimeout(timer);
        resolve(done);
      });
      queue.push({ id, name, args });
      flush();
    });

  const call = async <T>(name: string, args: Record<string, unknown> = {}, timeoutMs = 60_000) => {
    const done = await raw(name, args, timeoutMs);
    if (!done.ok) throw new Error(`Thunderbird '${name}' failed: ${done.error}`);
    return done.value as T;
  };

  return {
    url,
    hookFiles: () => ({ 'test-hook.json': Buffer.from(JSON.stringify({ controlUrl: url })) }),
    ready: (timeoutMs = 120_000) =>
      Promise.race([
        greeted,
        new Promise<void>((_, reject) =>
          setTimeout(
            () => reject(new Error(`the extension did not start within ${timeoutMs} ms`)),
            timeoutMs,
          ),
        ),
      ]),
    call,
    async compose(spec) {
      const attachments = (spec.attachments ?? []).map((a) => ({
        name: a.name,
        contentType: a.contentType,
        base64: Buffer.from(a.content).toString('base64'),
      }));
      return (await call<{ tabId: number }>('compose', { ...spec, attachments })).tabId;
    },
    popup: (request, timeoutMs) => call('popup', { request }, timeoutMs),
    async send(tabId) {
      const done = await raw('send', { tabId }, 60_000);
      return done.ok ? { ok: true, value: done.value } : { ok: false, error: done.error ?? '' };
    },
    tabs: () => call<TabInfo[]>('tabs'),
    async openPopup(tabId) {
      if (!(await call<boolean>('openPopup', { tabId }))) throw new Error('the popup did not open');
    },
    ui: (page, steps) => call<string[]>('ui', { page, steps }, 120_000),
    async close() {
      closed = true;
      for (const res of polls.splice(0)) res.writeHead(410).end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
