// A fake `Office` for browser tests of the Outlook pane (Office.js itself only works inside
// Outlook). Bundled by test/helpers/addin-browser.ts and served in place of Microsoft's CDN URL.
// It implements the slice of Office.js that addin/src/office-types.ts describes, from a draft the
// test hands in, and records what the pane did (custom properties, session data, close) on
// `window.__fakeOffice` for the test to read. Roaming settings live in localStorage, so they
// survive a reload as they survive reopening the pane in Outlook.

import type {
  AsyncResult,
  Callback,
  ComposeItem,
  CustomProperties,
  OfficeGlobal,
  SendEvent,
} from '../../addin/src/office-types';

export interface FakeOfficeConfig {
  displayLanguage: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  attachments: { name: string; contentType: string; base64: string }[];
  /** Highest Mailbox requirement set the fake claims (closeAsync with discardItem needs 1.14). */
  mailboxVersion: string;
}

export interface FakeOfficeState {
  customProperties: Record<string, unknown>;
  sessionData: Record<string, string>;
  closed: { discardItem: boolean } | null;
  attachmentReads: number;
}

export interface FakeOutlookControl {
  addRecipient(address: string): void;
  removeAttachments(): void;
}

const ok = <T>(value: T): AsyncResult<T> => ({ status: 'succeeded', value });
const later = <T>(cb: Callback<T>, value: T) => setTimeout(() => cb(ok(value)), 1);

export function installFakeOffice(config: FakeOfficeConfig): void {
  const state: FakeOfficeState = { customProperties: {}, sessionData: {}, closed: null, attachmentReads: 0 };
  (window as unknown as { __fakeOffice: FakeOfficeState }).__fakeOffice = state;
  const storeKey = 'fake-office-roaming';
  const roaming: Record<string, unknown> = JSON.parse(localStorage.getItem(storeKey) ?? '{}');
  const recipients = (list: string[]) => ({
    getAsync: (cb: Callback<{ emailAddress: string; displayName: string }[]>) =>
      later(
        cb,
        list.map((a) => ({ emailAddress: a, displayName: a })),
      ),
  });
  const props: CustomProperties = {
    get: (n) => state.customProperties[n],
    set: (n, v) => {
      state.customProperties[n] = v;
    },
    remove: (n) => {
      delete state.customProperties[n];
    },
    saveAsync: (cb) => later(cb, undefined),
  };
  const version = (v: string) => v.split('.').map(Number);
  const supports = (min = '1.1') => {
    const [a = 0, b = 0] = version(config.mailboxVersion);
    const [c = 0, d = 0] = version(min);
    return a > c || (a === c && b >= d);
  };
  const item: ComposeItem = {
    to: recipients(config.to),
    cc: recipients(config.cc),
    bcc: recipients(config.bcc),
    subject: { getAsync: (cb) => later(cb, config.subject) },
    body: {
      getAsync: (type, cb) => later(cb, type === 'html' ? config.html : config.html.replace(/<[^>]+>/g, '')),
    },
    getAttachmentsAsync: (cb) =>
      later(
        cb,
        config.attachments.map((a, i) => ({
          id: `att${i}`,
          name: a.name,
          contentType: a.contentType,
          size: Math.floor((a.base64.length * 3) / 4),
          attachmentType: 'file',
          isInline: false,
        })),
      ),
    getAttachmentContentAsync: (id, cb) => {
      state.attachmentReads++;
      const a = config.attachments[Number(id.slice(3))];
      if (!a)
        return cb({
          status: 'failed',
          value: { format: 'base64', content: '' },
          error: { message: 'no such attachment' },
        });
      later(cb, { format: 'base64', content: a.base64 });
    },
    loadCustomPropertiesAsync: (cb) => later(cb, props),
    sessionData: {
      getAsync: (n, cb) => later(cb, state.sessionData[n] ?? ''),
      setAsync: (n, v, cb) => {
        state.sessionData[n] = v;
        later(cb, undefined);
      },
      removeAsync: (n, cb) => {
        delete state.sessionData[n];
        later(cb, undefined);
      },
    },
  };
  const handlers = new Map<string, (() => void)[]>();
  item.addHandlerAsync = (type, handler, cb) => {
    handlers.set(type, [...(handlers.get(type) ?? []), handler]);
    if (cb) later(cb, undefined);
  };
  // What the user does in the compose window beside the pane, for tests to play.
  (window as unknown as { __fakeOutlook: FakeOutlookControl }).__fakeOutlook = {
    addRecipient(address) {
      config.to.push(address);
      for (const h of handlers.get('olkRecipientsChanged') ?? []) h();
    },
    removeAttachments() {
      config.attachments.splice(0);
      for (const h of handlers.get('olkAttachmentsChanged') ?? []) h();
    },
  };
  if (supports('1.14')) {
    item.closeAsync = (options, cb) => {
      state.closed = { discardItem: options.discardItem };
      later(cb, undefined);
    };
  }
  const office: OfficeGlobal = {
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: config.displayLanguage,
      requirements: { isSetSupported: (name, min) => name === 'Mailbox' && supports(min) },
      roamingSettings: {
        get: (n) => roaming[n],
        set: (n, v) => {
          roaming[n] = v;
        },
        remove: (n) => {
          delete roaming[n];
        },
        saveAsync: (cb) => {
          localStorage.setItem(storeKey, JSON.stringify(roaming));
          if (cb) later(cb, undefined);
        },
      },
      mailbox: { item },
    },
  };
  // Event-based handlers (on-send.js) register here; tests call them with a fake event.
  const actions: Record<string, (event: SendEvent) => unknown> = {};
  (window as unknown as { __fakeOfficeActions: typeof actions }).__fakeOfficeActions = actions;
  office.actions = {
    associate: (name, handler) => {
      actions[name] = handler;
    },
  };
  (window as unknown as { Office: OfficeGlobal }).Office = office;
}
