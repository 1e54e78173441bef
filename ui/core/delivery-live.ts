// ui/core/delivery-live: the delivery lines of a sent message kept current while a result view is
// open (the portal's result page and history, the Outlook pane, the Thunderbird result window).
// One line per mail recipient and per phone, `queued → sent → delivered` or `failed` with a plain
// reason (the relay's reply for mail, Twilio's error code in words for SMS). A failed SMS offers
// "send again" and "read the password out" (DIN 5009, ui/core/spell.ts). `watchDelivery` asks
// GET /v1/messages/{id} every few seconds while anything is still on its way.

import type { components } from './api-schema';
import { statusWord } from './delivery-lines';
import { type Lang, type StringKey, t } from './i18n';
import { spellPasswordGroups } from './spell';

type Schemas = components['schemas'];
export type RecipientLine = Schemas['RecipientStatus'] & { reply?: string | null };
export type SmsLine = Schemas['SmsStatus'];

export interface Delivery {
  id: string;
  password: string;
  recipients: RecipientLine[];
  sms: SmsLine[];
}

export function smsReasonWord(lang: Lang, reason: SmsLine['reason']): string | undefined {
  return reason ? t(lang, `smsReason_${reason}` as StringKey) : undefined;
}

/**
 * True while something may still change by itself: mail queued, an SMS queued or sent (a delivery
 * report may still come). Delivered and failed are final.
 */
export function inFlight(d: Pick<Delivery, 'recipients' | 'sms'>): boolean {
  return (
    d.recipients.some((r) => r.status === 'queued') ||
    d.sms.some((s) => s.status === 'queued' || s.status === 'sent')
  );
}

export interface DeliveryActions {
  /** "Send the SMS again"; resolves with the message as it is afterwards. */
  resendSms?: (smsId: string) => Promise<Delivery>;
  /** Called with the fresh message after a resend, so the view (and its watcher) takes it up. */
  onChange?: (d: Delivery) => void;
  /** Plain words for a failed action (ui/core/api-errors `errorText`). */
  errorText?: (err: unknown) => string;
}

type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
) => HTMLElementTagNameMap[K];

/** Element maker for `doc` (a Thunderbird popup window has its own document). */
function maker(doc: Document): Make {
  return (tag, className, text) => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
}

function readOut(el: Make, lang: Lang, password: string): HTMLElement {
  const box = el('div', 'read-out');
  box.hidden = true;
  box.append(el('p', undefined, t(lang, 'readOutHint')));
  const list = el('ol', 'spelled');
  for (const group of spellPasswordGroups(password, lang)) {
    list.append(el('li', undefined, group.map((c) => c.words).join(', ')));
  }
  box.append(list);
  return box;
}

function button(el: Make, text: string): HTMLButtonElement {
  const b = el('button', 'secondary', text);
  b.type = 'button';
  return b;
}

function smsItem(el: Make, lang: Lang, d: Delivery, s: SmsLine, actions: DeliveryActions): HTMLElement {
  const li = el('li', `delivery-sms status-line-${s.status}`);
  li.dataset.phone = s.phone;
  const line = el('span', 'delivery-line');
  line.append(
    `${t(lang, 'smsLine', { phone: s.phone })}: `,
    el('span', `status status-${s.status}`, statusWord(lang, s.status)),
  );
  li.append(line);
  const reason = smsReasonWord(lang, s.reason);
  if (reason) li.append(el('span', 'delivery-reason', reason));
  if (s.status !== 'failed') return li;
  const buttons = el('span', 'delivery-actions');
  const problem = el('span', 'delivery-error');
  problem.setAttribute('role', 'alert');
  const resend = actions.resendSms;
  if (resend) {
    const again = button(el, t(lang, 'resendSms'));
    again.addEventListener('click', () => {
      again.disabled = true;
      again.textContent = t(lang, 'resendingSms');
      problem.textContent = '';
      resend(s.id).then(
        (fresh) => actions.onChange?.(fresh),
        (err: unknown) => {
          again.disabled = false;
          again.textContent = t(lang, 'resendSms');
          problem.textContent = actions.errorText ? actions.errorText(err) : String(err);
        },
      );
    });
    buttons.append(again);
  }
  const spelled = readOut(el, lang, d.password);
  const read = button(el, t(lang, 'readOut'));
  read.setAttribute('aria-expanded', 'false');
  read.addEventListener('click', () => {
    spelled.hidden = !spelled.hidden;
    read.setAttribute('aria-expanded', String(!spelled.hidden));
  });
  buttons.append(read);
  li.append(buttons, problem, spelled);
  return li;
}

/** The list of lines; replace it with a new one when the message changes. */
export function deliveryList(
  lang: Lang,
  d: Delivery,
  actions: DeliveryActions = {},
  doc: Document = document,
): HTMLElement {
  const el = maker(doc);
  const list = el('ul', 'delivery-list');
  for (const r of d.recipients) {
    const li = el('li', `delivery-mail status-line-${r.status}`);
    li.dataset.address = r.address;
    const line = el('span', 'delivery-line');
    line.append(`${r.address}: `, el('span', `status status-${r.status}`, statusWord(lang, r.status)));
    li.append(line);
    if (r.status === 'failed' && r.reply) {
      li.append(el('span', 'delivery-reason', t(lang, 'relayReply', { reply: r.reply })));
    }
    list.append(li);
  }
  for (const s of d.sms) list.append(smsItem(el, lang, d, s, actions));
  return list;
}

export interface Watch {
  stop(): void;
}

/**
 * Asks `load` every `everyMs` (3 s) while `inFlight`, for at most `forMs` (15 min: an SMS without
 * delivery reports, e.g. to the local SMS file, stays `sent`), and hands each answer to `update`.
 * A failed look is tried again at the next tick.
 */
export function watchDelivery<T extends Pick<Delivery, 'recipients' | 'sms'>>(
  first: T,
  load: () => Promise<T>,
  update: (fresh: T) => void,
  options: { everyMs?: number; forMs?: number } = {},
): Watch {
  const every = options.everyMs ?? 3_000;
  const until = Date.now() + (options.forMs ?? 15 * 60_000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (!stopped && Date.now() < until) timer = setTimeout(() => void tick(), every);
  };
  const tick = async () => {
    if (stopped) return;
    try {
      const fresh = await load();
      if (stopped) return;
      update(fresh);
      if (!inFlight(fresh)) return;
    } catch {
      // Offline for a moment, or signed out: look again next time.
    }
    schedule();
  };
  if (inFlight(first)) schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export interface LiveDelivery {
  /** Holds the current list; put it where the lines belong. */
  readonly element: HTMLElement;
  stop(): void;
}

export interface LiveDeliveryApi<T> {
  load: () => Promise<T>;
  resendSms?: (smsId: string) => Promise<T>;
  errorText?: (err: unknown) => string;
}

/**
 * The delivery lines of one message, kept current while the view is open: polled while anything is
 * in flight (unless `watch: false`), redrawn on each answer, and again after "send the SMS again".
 * Once shown and then taken off the page, it stops asking.
 */
export function liveDelivery<T extends Delivery>(
  lang: Lang,
  first: T,
  api: LiveDeliveryApi<T>,
  options: { watch?: boolean; doc?: Document; onUpdate?: (fresh: T) => void } = {},
): LiveDelivery {
  const doc = options.doc ?? document;
  const element = doc.createElement('div');
  element.className = 'delivery-live';
  element.setAttribute('aria-live', 'polite');
  let watch: Watch | undefined;
  let seen = false;
  const load = () => {
    if (element.isConnected) seen = true;
    else if (seen) {
      watch?.stop();
      return Promise.reject(new Error('view closed'));
    }
    return api.load();
  };
  const show = (d: T) => {
    const actions: DeliveryActions = {
      resendSms: api.resendSms,
      errorText: api.errorText,
      onChange: (fresh) => restart(fresh as T),
    };
    element.replaceChildren(deliveryList(lang, d, actions, doc));
    options.onUpdate?.(d);
  };
  const restart = (d: T) => {
    watch?.stop();
    show(d);
    if (options.watch !== false) watch = watchDelivery(d, load, show);
  };
  restart(first);
  return { element, stop: () => watch?.stop() };
}
