import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONFIDENTIAL_KEY } from './office-adapter';
import type { AsyncResult, ComposeItem, CustomProperties, OfficeContext, SendEvent } from './office-types';
import { handleMessageSend, OPEN_PANE_COMMAND } from './on-send';

const ok = <T>(value: T): AsyncResult<T> => ({ status: 'succeeded', value });

function fakeContext(opts: {
  mailbox?: string;
  props?: Record<string, unknown>;
  session?: Record<string, string>;
  failLoad?: boolean;
  throwLoad?: boolean;
  lang?: string;
}) {
  const props = opts.props ?? {};
  const custom: CustomProperties = {
    get: (n) => props[n],
    set: (n, v) => {
      props[n] = v;
    },
    remove: (n) => {
      delete props[n];
    },
    saveAsync: (cb) => cb(ok(undefined)),
  };
  const item = {
    loadCustomPropertiesAsync: (cb: (r: AsyncResult<CustomProperties>) => void) => {
      if (opts.throwLoad) throw new Error('host went away');
      cb(opts.failLoad ? { status: 'failed', value: custom, error: { message: 'nope' } } : ok(custom));
    },
    sessionData: opts.session
      ? {
          getAsync: (n: string, cb: (r: AsyncResult<string>) => void) => cb(ok(opts.session?.[n] ?? '')),
          setAsync: () => undefined,
          removeAsync: () => undefined,
        }
      : undefined,
  } as unknown as ComposeItem;
  return {
    displayLanguage: opts.lang ?? 'de-DE',
    roamingSettings: {
      get: () => undefined,
      set: () => undefined,
      remove: () => undefined,
      saveAsync: () => undefined,
    },
    requirements: {
      isSetSupported: (name: string, min = '1.1') =>
        name === 'Mailbox' && Number((opts.mailbox ?? '1.12').split('.')[1]) >= Number(min.split('.')[1]),
    },
    mailbox: { item },
  } satisfies OfficeContext;
}

function fakeEvent() {
  const completed = vi.fn<SendEvent['completed']>();
  return { event: { completed } satisfies SendEvent, completed };
}

describe('OnMessageSend handler', () => {
  it('blocks a draft marked confidential (custom property) with a message pointing to the pane', async () => {
    const { event, completed } = fakeEvent();
    await handleMessageSend(event, fakeContext({ props: { [CONFIDENTIAL_KEY]: true } }));
    expect(completed).toHaveBeenCalledTimes(1);
    expect(completed.mock.calls[0]?.[0]).toMatchObject({ allowEvent: false });
    expect(completed.mock.calls[0]?.[0]?.errorMessage).toMatch(/„Versiegeln und senden“/);
  });

  it('blocks a draft marked confidential in sessionData, in English for an English Outlook', async () => {
    const { event, completed } = fakeEvent();
    await handleMessageSend(event, fakeContext({ session: { [CONFIDENTIAL_KEY]: 'true' }, lang: 'en-US' }));
    expect(completed.mock.calls[0]?.[0]).toMatchObject({ allowEvent: false });
    expect(completed.mock.calls[0]?.[0]?.errorMessage).toMatch(/“Seal and send”/);
  });

  it('lets a normal draft go', async () => {
    const { event, completed } = fakeEvent();
    await handleMessageSend(event, fakeContext({ session: {} }));
    expect(completed).toHaveBeenCalledTimes(1);
    expect(completed).toHaveBeenCalledWith({ allowEvent: true });
  });

  it.each([
    ['the host reports a failure', { failLoad: true }],
    ['the host throws', { throwLoad: true }],
  ])('still completes the event, blocking with a message, when %s', async (_name, opts) => {
    const { event, completed } = fakeEvent();
    await handleMessageSend(event, fakeContext(opts));
    expect(completed).toHaveBeenCalledTimes(1);
    expect(completed.mock.calls[0]?.[0]).toMatchObject({ allowEvent: false });
    expect(completed.mock.calls[0]?.[0]?.errorMessage).toMatch(/noch einmal/);
  });

  it('lets the event go when there is no item at all', async () => {
    const { event, completed } = fakeEvent();
    const context = fakeContext({});
    await handleMessageSend(event, { ...context, mailbox: { item: null } });
    expect(completed).toHaveBeenCalledWith({ allowEvent: true });
  });

  it('offers to open the pane from the alert where Outlook can (Mailbox 1.14)', async () => {
    const { event, completed } = fakeEvent();
    await handleMessageSend(event, fakeContext({ props: { [CONFIDENTIAL_KEY]: true }, mailbox: '1.14' }));
    expect(completed.mock.calls[0]?.[0]).toMatchObject({
      allowEvent: false,
      commandId: OPEN_PANE_COMMAND,
      cancelLabel: 'Vertraulich senden …',
    });
  });

  it('names a control that exists in the manifest', async () => {
    const manifest = await readFile(path.resolve(import.meta.dirname, '../../manifest.xml'), 'utf8');
    expect(manifest).toContain(`<Control xsi:type="Button" id="${OPEN_PANE_COMMAND}">`);
  });
});
