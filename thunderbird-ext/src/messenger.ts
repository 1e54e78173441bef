// The part of Thunderbird's MailExtension API this extension uses, typed by hand from the API
// reference (webextension-api.thunderbird.net, Manifest V3, Thunderbird 128). The `messenger`
// global is read through getMessenger() so no global declaration leaks into the rest of the repo.

export interface Tab {
  id?: number;
  windowId?: number;
  type?: string;
  url?: string;
}

export interface ComposeDetails {
  to?: string[] | string;
  cc?: string[] | string;
  bcc?: string[] | string;
  subject?: string;
  body?: string;
  plainTextBody?: string;
  isPlainText?: boolean;
  identityId?: string;
  attachments?: { file: File; name?: string }[];
}

export interface ComposeAttachment {
  id: number;
  name: string;
  size: number;
}

export type BeforeSendResult = { cancel?: boolean } | undefined;

export interface Listener<T extends (...args: never[]) => unknown> {
  addListener(callback: T): void;
  removeListener(callback: T): void;
}

export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Messenger {
  compose: {
    beginNew(details?: ComposeDetails): Promise<Tab>;
    getComposeDetails(tabId: number): Promise<ComposeDetails>;
    listAttachments(tabId: number): Promise<ComposeAttachment[]>;
    getAttachmentFile(attachmentId: number): Promise<File>;
    sendMessage(tabId: number, options?: { mode?: 'default' | 'sendNow' | 'sendLater' }): Promise<unknown>;
    onBeforeSend: Listener<
      (tab: Tab, details: ComposeDetails) => Promise<BeforeSendResult> | BeforeSendResult
    >;
  };
  composeAction: {
    openPopup(options?: { windowId?: number }): Promise<boolean>;
  };
  tabs: {
    get(tabId: number): Promise<Tab>;
    query(query: { active?: boolean; currentWindow?: boolean; type?: string }): Promise<Tab[]>;
    remove(tabId: number): Promise<void>;
    onRemoved: Listener<(tabId: number) => void>;
  };
  windows: {
    create(data: { url: string; type: 'popup' | 'normal'; width?: number; height?: number }): Promise<{
      id?: number;
    }>;
    remove(windowId: number): Promise<void>;
    getCurrent(): Promise<{ id?: number; height?: number }>;
    update(windowId: number, info: { width?: number; height?: number }): Promise<unknown>;
  };
  runtime: {
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    openOptionsPage(): Promise<void>;
    onMessage: Listener<(message: unknown, sender: unknown) => Promise<unknown> | undefined>;
    onStartup: Listener<() => void>;
  };
  storage: { local: StorageArea };
  permissions: {
    request(permissions: { origins?: string[] }): Promise<boolean>;
    contains(permissions: { origins?: string[] }): Promise<boolean>;
  };
  i18n: {
    getMessage(name: string, substitutions?: string | string[]): string;
    getUILanguage(): string;
  };
}

export function getMessenger(): Messenger {
  const m = (globalThis as unknown as { messenger?: Messenger }).messenger;
  if (!m) throw new Error('the Thunderbird messenger API is not available here');
  return m;
}
