// A few helpers to build the portal's DOM without innerHTML: every text goes in as textContent, so
// nothing the server or the user typed can ever become markup (and the strict CSP stays meaningful).

export type Child = Node | string | number | null | undefined | false;
type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Listener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? text(child) : child);
  }
}

function text(value: string | number): Text {
  return document.createTextNode(String(value));
}

let nextId = 0;
/** A unique element id, so each label can point at its control with `for`. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A visible label above its control, plus an optional hint the control is described by. */
export function field(label: string, control: Control, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid('f');
  const wrap = h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    wrap.appendChild(h('p', { class: 'hint', id: hintId }, hint));
  }
  return wrap;
}

/** A checkbox with its label to the right, as people expect checkboxes to look. */
export function checkbox(label: string, input: HTMLInputElement): HTMLDivElement {
  if (!input.id) input.id = uid('c');
  input.type = 'checkbox';
  return h('div', { class: 'field check' }, input, h('label', { for: input.id }, label));
}

/** A live region for messages: screen readers announce what is put into it. */
export function notice(kind: 'error' | 'ok' | 'info' = 'error'): HTMLParagraphElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', hidden: true });
}

export function say(target: HTMLElement, message: string | undefined, kind?: 'error' | 'ok' | 'info'): void {
  target.textContent = message ?? '';
  target.hidden = !message;
  if (kind) target.className = `notice ${kind}`;
}

/** Disables a form's controls while a request runs, so a double click cannot send twice. */
export async function busy<T>(form: HTMLElement, work: () => Promise<T>): Promise<T> {
  const controls = [...form.querySelectorAll<HTMLButtonElement | Control>('button, input, textarea, select')];
  const before = controls.map((c) => c.disabled);
  for (const c of controls) c.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    controls.forEach((c, i) => {
      c.disabled = before[i] ?? false;
    });
    form.removeAttribute('aria-busy');
  }
}
