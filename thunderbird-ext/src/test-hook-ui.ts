// TEST BUILD ONLY (see test-hook.ts): presses the real pages' controls inside real Thunderbird. The
// background reaches the open popup or result window through extension.getViews (Firefox keeps it
// in Manifest V3), and each step acts on the DOM as a user's click or typing would, waiting first
// until the control is there and visible.

export type UiStep =
  | { fill: string; value: string }
  | { check: string }
  | { click: string }
  | { read: string; until?: string }
  /** Waits (up to 5 s) until every element matching `fits` lies inside the viewport, unscrolled. */
  | { fits: string };

/** What a `fits` step reads: the viewport and the elements that stick out of it. */
export interface FitReport {
  viewport: { width: number; height: number };
  scrollHeight: number;
  measured: number;
  outside: { text: string; top: number; bottom: number }[];
}

function fitReport(view: Window, selector: string): FitReport {
  const doc = view.document;
  const elements = [...doc.querySelectorAll(selector)].filter((e) => e.closest('[hidden]') === null);
  const outside = elements
    .map((e) => ({ text: (e.textContent ?? '').slice(0, 60), rect: e.getBoundingClientRect() }))
    .filter(({ rect }) => rect.top < 0 || rect.bottom > view.innerHeight || rect.right > view.innerWidth)
    .map(({ text, rect }) => ({ text, top: rect.top, bottom: rect.bottom }));
  return {
    viewport: { width: view.innerWidth, height: view.innerHeight },
    scrollHeight: doc.documentElement.scrollHeight,
    measured: elements.length,
    outside,
  };
}

interface ExtensionApi {
  extension?: { getViews?: (filter: { type?: string }) => Window[] };
}

function views(page: string): Window[] {
  const api = (globalThis as unknown as { messenger: ExtensionApi }).messenger.extension;
  const all = api?.getViews?.(page === 'popup' ? { type: 'popup' } : {}) ?? [];
  return all.filter((v) => page === 'popup' || v.location.pathname.endsWith(`/${page}`));
}

/** `instanceof HTMLElement` would be false here: the page's elements belong to another window. */
function visible(element: Element | null): element is HTMLElement {
  return element !== null && 'click' in element && element.closest('[hidden]') === null;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not there within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function control(page: string, selector: string): HTMLElement | undefined {
  const view = views(page)[0];
  const element = view?.document.querySelector(selector) ?? null;
  return visible(element) && !(element as HTMLButtonElement).disabled ? element : undefined;
}

/** Runs the steps on the open `page` ('popup' or e.g. 'result.html'); returns what `read` steps read. */
export async function runUi(page: string, steps: UiStep[], timeoutMs = 30_000): Promise<string[]> {
  const read: string[] = [];
  for (const step of steps) {
    if ('fill' in step) {
      const input = (await waitFor(step.fill, timeoutMs, () => control(page, step.fill))) as HTMLInputElement;
      input.focus();
      input.value = step.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } else if ('check' in step) {
      const box = (await waitFor(step.check, timeoutMs, () => control(page, step.check))) as HTMLInputElement;
      if (!box.checked) box.click();
    } else if ('click' in step) {
      (await waitFor(step.click, timeoutMs, () => control(page, step.click))).click();
    } else if ('fits' in step) {
      const deadline = Date.now() + 5_000;
      let report: FitReport | undefined;
      for (;;) {
        const view = views(page)[0];
        report = view ? fitReport(view, step.fits) : undefined;
        if ((report && report.outside.length === 0 && report.measured > 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      read.push(JSON.stringify(report ?? null));
    } else {
      const { read: selector, until } = step;
      read.push(
        await waitFor(`${selector} showing "${until ?? ''}"`, timeoutMs, () => {
          const text = views(page)[0]?.document.querySelector(selector)?.textContent ?? '';
          return text && (until === undefined || text.includes(until)) ? text : undefined;
        }),
      );
    }
  }
  return read;
}
