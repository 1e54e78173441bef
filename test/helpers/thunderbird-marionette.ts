import { connect, type Socket } from 'node:net';

// A minimal client of Marionette, the remote protocol built into Thunderbird (`--marionette`):
// messages are `<length>:<json>`, commands `[0, id, name, params]`, answers `[1, id, error, result]`
// (firefox-source-docs "Marionette protocol"). The harness uses it for what no pref can do, such as
// storing the SMTP password in the login manager; tests may run any chrome-context script with it.

export interface MarionetteClient {
  /** Runs `script` (a function body; `arguments[0..]` are `args`) in Thunderbird's chrome context. */
  chrome(script: string, args?: unknown[]): Promise<unknown>;
  /** Stores the password Thunderbird reads for SMTP AUTH at smtp://host (SmtpServer.sys.mjs). */
  addSmtpLogin(host: string, user: string, password: string): Promise<void>;
  close(): void;
}

function frames(socket: Socket, onMessage: (message: unknown) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString('ascii'));
      if (buffer.length < colon + 1 + length) return;
      const body = buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      buffer = buffer.subarray(colon + 1 + length);
      onMessage(JSON.parse(body));
    }
  });
}

async function tryConnect(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

export async function connectMarionette(
  port: number,
  timeoutMs: number,
  gone: () => boolean,
): Promise<MarionetteClient> {
  const deadline = Date.now() + timeoutMs;
  let socket: Socket | undefined;
  while (!socket) {
    if (gone()) throw new Error('Thunderbird exited before Marionette was ready');
    if (Date.now() > deadline)
      throw new Error(`Marionette did not listen on port ${port} in ${timeoutMs} ms`);
    socket = await tryConnect(port);
    if (!socket) await new Promise((r) => setTimeout(r, 500));
  }
  const open = socket;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  frames(open, (message) => {
    if (!Array.isArray(message)) return greeted(); // {"applicationType":"gecko","marionetteProtocol":3}
    const [, id, error, result] = message as [number, number, { message?: string } | null, unknown];
    const waiter = pending.get(id);
    pending.delete(id);
    if (!waiter) return;
    if (error) waiter.reject(new Error(`Marionette: ${error.message ?? JSON.stringify(error)}`));
    else waiter.resolve(result);
  });
  open.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('Marionette connection closed'));
    pending.clear();
  });
  await greeting;

  const send = (name: string, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
      open.write(`${body.length}:`);
      open.write(body);
    });

  await send('WebDriver:NewSession', { capabilities: {} });
  await send('Marionette:SetContext', { value: 'chrome' });

  const chrome = async (script: string, args: unknown[] = []) =>
    ((await send('WebDriver:ExecuteScript', { script, args })) as { value: unknown }).value;

  return {
    chrome,
    async addSmtpLogin(host, user, password) {
      await chrome(
        `const [host, user, password] = arguments;
         const origin = 'smtp://' + host;
         const info = Cc['@mozilla.org/login-manager/loginInfo;1'].createInstance(Ci.nsILoginInfo);
         info.init(origin, null, origin, user, password, '', '');
         return Services.logins.addLoginAsync(info).then(() => true);`,
        [host, user, password],
      );
    },
    close: () => open.destroy(),
  };
}
