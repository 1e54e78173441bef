import type { ZipMethod } from '../../ui/core/draft';
import { getMessenger } from './messenger';

// Everything the extension remembers lives in storage.local (Thunderbird's sample extensions do the
// same): the service address the user chose, the sign-in, and per compose tab whether it is marked
// confidential. The default service address comes from config.json inside the .xpi, which the
// service writes for its own PUBLIC_URL when it hands out the download.

export type Credential =
  | { kind: 'session'; token: string; email: string }
  | { kind: 'apiKey'; apiKey: string; email?: string };

/** What the user chose for one compose tab. */
export interface TabChoices {
  confidential: boolean;
  /** Typed into the popup's phone field, unparsed. */
  phoneField: string;
  zip: ZipMethod;
  /** Set while a seal is in flight, so a retry after a lost answer sends nothing twice. */
  idempotencyKey?: string;
}

export const defaultChoices: TabChoices = { confidential: false, phoneField: '', zip: 'aes256' };

interface Stored {
  serviceUrl?: string;
  credential?: Credential;
  tabs?: Record<string, TabChoices>;
}

async function read(): Promise<Stored> {
  return (await getMessenger().storage.local.get(['serviceUrl', 'credential', 'tabs'])) as Stored;
}

/** The service address baked into this copy of the extension (config.json), or the CONTRACT default. */
export async function builtInServiceUrl(): Promise<string> {
  try {
    const res = await fetch(getMessenger().runtime.getURL('config.json'));
    const config = (await res.json()) as { serviceUrl?: unknown };
    if (typeof config.serviceUrl === 'string' && config.serviceUrl) return config.serviceUrl;
  } catch {
    // A hand-made package without config.json: fall through to the default.
  }
  return 'http://localhost:8787';
}

export async function serviceUrl(): Promise<string> {
  return (await read()).serviceUrl ?? (await builtInServiceUrl());
}

/**
 * Passwords and messages go to the service address: https only, plain http only to this machine
 * (localhost, 127.0.0.1, [::1]), as the service's own PUBLIC_URL rule (issue 14).
 */
export function isSafeServiceUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'http:' && (host === 'localhost' || /^127\./.test(host) || host === '::1');
}

/** Sets the service address; undefined goes back to the built-in one. Throws for one not https. */
export async function setServiceUrl(url: string | undefined): Promise<void> {
  if (url !== undefined && !isSafeServiceUrl(new URL(url))) {
    throw new Error('the service address must be https:// (http:// only for localhost)');
  }
  if (url === undefined) await getMessenger().storage.local.remove('serviceUrl');
  else await getMessenger().storage.local.set({ serviceUrl: url.replace(/\/+$/, '') });
}

export async function credential(): Promise<Credential | undefined> {
  return (await read()).credential;
}

export async function setCredential(value: Credential | undefined): Promise<void> {
  if (value === undefined) await getMessenger().storage.local.remove('credential');
  else await getMessenger().storage.local.set({ credential: value });
}

export function bearerOf(c: Credential | undefined): string | undefined {
  if (!c) return undefined;
  return c.kind === 'session' ? c.token : c.apiKey;
}

export async function tabChoices(tabId: number): Promise<TabChoices> {
  return { ...defaultChoices, ...(await read()).tabs?.[String(tabId)] };
}

/**
 * The per-tab marks are one storage key, changed by read-modify-write; a tick and a click on Send
 * in quick succession would otherwise race and lose the tick. So changes to it run one at a time.
 */
let tabsWrites: Promise<unknown> = Promise.resolve();
function serially<T>(change: () => Promise<T>): Promise<T> {
  const next = tabsWrites.then(change, change);
  tabsWrites = next.catch(() => undefined);
  return next;
}

export function setTabChoices(tabId: number, patch: Partial<TabChoices>): Promise<TabChoices> {
  return serially(async () => {
    const tabs = (await read()).tabs ?? {};
    const next = { ...defaultChoices, ...tabs[String(tabId)], ...patch };
    tabs[String(tabId)] = next;
    await getMessenger().storage.local.set({ tabs });
    return next;
  });
}

export function forgetTab(tabId: number): Promise<void> {
  return serially(async () => {
    const tabs = (await read()).tabs ?? {};
    if (!(String(tabId) in tabs)) return;
    delete tabs[String(tabId)];
    await getMessenger().storage.local.set({ tabs });
  });
}

/** Compose tab ids do not survive a restart, so neither do the marks made for them. */
export function forgetAllTabs(): Promise<void> {
  return serially(() => getMessenger().storage.local.remove('tabs'));
}
