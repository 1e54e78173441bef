// A stand-in for Thunderbird's `messenger` object, for testing the extension's pages in Chromium
// (Thunderbird itself is tested in test/thunderbird.e2e.test.ts). It plays the host only: one compose
// tab with the given draft, in-memory storage, runtime messages delivered to the listeners the real
// background.js registered in the same page, and a record of windows opened and tabs closed.
// Passed to page.addInitScript, so it must be self-contained.

export interface FakeHost {
  uiLanguage: string;
  /** This extension's _locales/<lang>/messages.json, for i18n.getMessage. */
  messages: Record<string, { message: string }>;
  /** Files of the package are served under this base (runtime.getURL). */
  baseUrl: string;
  draft: { to: string[]; cc: string[]; bcc: string[]; subject: string; plainTextBody: string };
  attachments: { name: string; type: string; text: string }[];
  /** What storage.local holds at the start (e.g. a sign-in). */
  storage: Record<string, unknown>;
}

export interface FakeRecord {
  windows: string[];
  removedTabs: number[];
  /** The origins of each permissions.request, in order. */
  permissionRequests: string[][];
}

export function installFakeMessenger(host: FakeHost): void {
  type Fn = (...args: unknown[]) => unknown;
  const listeners = (): { addListener(f: Fn): void; removeListener(f: Fn): void; fns: Fn[] } => {
    const fns: Fn[] = [];
    return {
      fns,
      addListener: (f) => fns.push(f),
      removeListener: (f) => fns.splice(fns.indexOf(f), 1),
    };
  };
  const store: Record<string, unknown> = JSON.parse(JSON.stringify(host.storage));
  const record: FakeRecord = { windows: [], removedTabs: [], permissionRequests: [] };
  const onMessage = listeners();
  const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
  const messenger = {
    compose: {
      getComposeDetails: async () => ({ ...clone(host.draft), isPlainText: true }),
      listAttachments: async () =>
        host.attachments.map((a, i) => ({ id: i + 1, name: a.name, size: a.text.length })),
      getAttachmentFile: async (id: number) => {
        const a = host.attachments[id - 1];
        if (!a) throw new Error(`no attachment ${id}`);
        return new File([a.text], a.name, { type: a.type });
      },
      onBeforeSend: listeners(),
    },
    tabs: {
      query: async () => [{ id: 1, type: 'messageCompose' }],
      get: async (id: number) => ({ id }),
      remove: async (id: number) => {
        record.removedTabs.push(id);
      },
      onRemoved: listeners(),
    },
    windows: {
      create: async (data: { url: string }) => {
        record.windows.push(data.url);
        return { id: record.windows.length + 10 };
      },
      // A Chromium page cannot resize its window: the real one is tested in Thunderbird.
      getCurrent: async () => ({ id: 10 }),
      update: async () => undefined,
    },
    runtime: {
      getURL: (p: string) => `${host.baseUrl}${p}`,
      sendMessage: async (message: unknown) => {
        for (const f of onMessage.fns) {
          const answer = f(clone(message), {});
          if (answer !== undefined) return clone(await answer);
        }
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      openOptionsPage: async () => undefined,
      onMessage,
      onStartup: listeners(),
    },
    storage: {
      local: {
        get: async (keys: string[]) =>
          clone(Object.fromEntries(keys.filter((k) => k in store).map((k) => [k, store[k]]))),
        set: async (items: Record<string, unknown>) => {
          Object.assign(store, clone(items));
        },
        remove: async (keys: string | string[]) => {
          for (const k of Array.isArray(keys) ? keys : [keys]) delete store[k];
        },
      },
    },
    permissions: {
      request: async (p: { origins?: string[] }) => {
        record.permissionRequests.push(p.origins ?? []);
        return true;
      },
      contains: async () => true,
    },
    i18n: {
      getMessage: (name: string) => host.messages[name]?.message ?? '',
      getUILanguage: () => host.uiLanguage,
    },
  };
  Object.assign(globalThis, { messenger, fakeRecord: record });
}
