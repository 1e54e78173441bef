import { handle } from './actions';
import { getMessenger } from './messenger';
import { isRequest } from './protocol';
import { runUi, type UiStep } from './test-hook-ui';

// TEST BUILD ONLY (build({ testHook: true }) bundles it through background-test.ts; the shipped
// .xpi never contains it). It lets an end-to-end test act as the user: open a compose window, press
// the popup's buttons (the very requests popup.ts sends, answered by the same handle()), press Send,
// and look at the tabs. Commands come from the control server named in test-hook.json, which the
// test harness adds to the package; results go back to it.

interface Command {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

interface FileSpec {
  name: string;
  contentType: string;
  base64: string;
}

const messenger = getMessenger();

function fileOf(spec: FileSpec): File {
  const bytes = Uint8Array.from(atob(spec.base64), (c) => c.charCodeAt(0));
  return new File([bytes], spec.name, { type: spec.contentType });
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

async function run(command: Command): Promise<unknown> {
  const a = command.args;
  switch (command.name) {
    case 'compose': {
      const files = (Array.isArray(a.attachments) ? a.attachments : []) as FileSpec[];
      const tab = await messenger.compose.beginNew({
        to: strings(a.to),
        cc: strings(a.cc),
        bcc: strings(a.bcc),
        subject: String(a.subject ?? ''),
        // An HTML draft when `html` is given, a plain-text one otherwise.
        ...(typeof a.html === 'string'
          ? { isPlainText: false, body: a.html }
          : { isPlainText: true, plainTextBody: String(a.body ?? '') }),
        attachments: files.map((f) => ({ file: fileOf(f), name: f.name })),
      });
      return { tabId: tab.id };
    }
    case 'popup':
      if (!isRequest(a.request)) throw new Error('popup: not a request');
      return handle(a.request);
    case 'send':
      return messenger.compose.sendMessage(Number(a.tabId));
    case 'openPopup': {
      // As a click on the toolbar button does: the popup opens in that compose window.
      const tab = await messenger.tabs.get(Number(a.tabId));
      return messenger.composeAction.openPopup({ windowId: tab.windowId });
    }
    case 'ui':
      return runUi(String(a.page), a.steps as UiStep[], Number(a.timeoutMs ?? 30_000));
    case 'tabs':
      return (await messenger.tabs.query({})).map((t) => ({ id: t.id, type: t.type, url: t.url }));
    default:
      throw new Error(`unknown command ${command.name}`);
  }
}

export async function startTestHook(): Promise<void> {
  const config = (await (await fetch(messenger.runtime.getURL('test-hook.json'))).json()) as {
    controlUrl: string;
  };
  const post = (path: string, body: unknown) =>
    fetch(`${config.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  await post('/hello', { ok: true });
  for (;;) {
    let command: Command | undefined;
    try {
      const res = await fetch(`${config.controlUrl}/next`);
      if (res.status === 410) return; // the test is over
      if (res.status === 200) command = (await res.json()) as Command;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
    if (!command) continue;
    try {
      await post('/done', { id: command.id, ok: true, value: (await run(command)) ?? null });
    } catch (err) {
      await post('/done', {
        id: command.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
