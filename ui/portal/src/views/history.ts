import { api, type SentMessage } from '../api';
import { problemText } from '../app';
import { h, notice, say, uid } from '../dom';
import { language, t } from '../i18n';
import { deliveryView, passwordBox } from '../parts';
import { dateText, statusText } from '../words';

// The sender's own messages, newest first, 20 at a time. Passwords stay hidden until asked for, so a
// glance over the shoulder in an internet café shows no password.

function recent(createdAt: string | undefined): boolean {
  return createdAt !== undefined && Date.now() - Date.parse(createdAt) < 60 * 60_000;
}

/**
 * GET /v1/messages/{id}/proof: the session cookie goes along with a plain link (a GET changes
 * nothing). Relative to the portal's page, so it holds under a path prefix too.
 */
function proofUrl(id: string, format: 'pdf' | 'json'): string {
  return `v1/messages/${encodeURIComponent(id)}/proof?format=${format}&lang=${language()}`;
}

/**
 * A reply from /open names the message it answers by its date (issue 18), once that message is listed
 * (it is older, so it may come on a later page); an answered message counts its replies.
 */
function replyLine(message: SentMessage, dates: Map<string, string>): HTMLElement | null {
  if (message.replyTo) {
    const line = h('p', { class: 'reply-link', 'data-reply-to': message.replyTo });
    nameOriginal(line, dates);
    return line;
  }
  const n = message.replies?.length ?? 0;
  return n > 0 ? h('p', { class: 'reply-link' }, t('historyReplies', { n })) : null;
}

function nameOriginal(line: HTMLElement, dates: Map<string, string>): void {
  const date = dates.get(line.dataset.replyTo ?? '');
  line.textContent = date
    ? t('historyReply', { date: dateText(language(), date) })
    : t('historyReplyUnknown');
}

/**
 * "Send again" (issue 19): the same sealed mail (same bytes, same password) to its mail recipients,
 * for a recipient whose mail system removed the attachments. Refused in plain words once the copy
 * is gone (30 days) or the daily quota is reached.
 */
function resendButton(message: SentMessage): HTMLElement[] {
  const button = h('button', { type: 'button', class: 'secondary resend-mail' }, t('resendMail'));
  const note = notice();
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = t('resendingMail');
    try {
      await api.resendMail(message.id);
      say(note, t('resentMail'), 'ok');
    } catch (err) {
      say(note, problemText(err), 'error');
    } finally {
      button.disabled = false;
      button.textContent = t('resendMail');
    }
  });
  return [button, note];
}

function entry(message: SentMessage, dates: Map<string, string>): HTMLElement {
  const passwordId = uid('pw');
  const holder = h('div', { class: 'history-password', hidden: true });
  const toggle = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-expanded': 'false' },
    t('showPassword'),
  );
  toggle.addEventListener('click', () => {
    const show = holder.hidden;
    holder.hidden = !show;
    toggle.textContent = show ? t('hidePassword') : t('showPassword');
    toggle.setAttribute('aria-expanded', String(show));
    holder.replaceChildren(
      ...(show
        ? [
            h('span', { id: passwordId, class: 'sr-only' }, t('resultPassword')),
            passwordBox(message.password, passwordId),
          ]
        : []),
    );
  });
  const who = [...message.recipients.map((r) => r.address), ...message.sms.map((s) => s.phone)];
  return h(
    'li',
    { class: 'history-item' },
    h(
      'div',
      { class: 'history-head' },
      h('h2', {}, message.subject?.trim() ? message.subject : t('noSubject')),
      h('span', { class: `status status-${message.status}` }, statusText(language(), message.status)),
    ),
    h(
      'p',
      { class: 'meta' },
      message.createdAt
        ? h('time', { datetime: message.createdAt }, dateText(language(), message.createdAt))
        : null,
      h('span', { class: 'recipients' }, who.join(', ')),
    ),
    replyLine(message, dates),
    h(
      'details',
      { class: 'history-delivery' },
      h('summary', {}, t('deliveryStatus')),
      // Only recent messages are kept current: older ones have nothing left on its way.
      deliveryView(message, { watch: recent(message.createdAt) }),
    ),
    h(
      'p',
      { class: 'proof' },
      h('span', {}, `${t('proofTitle')}: `),
      h('a', { href: proofUrl(message.id, 'pdf'), target: '_blank', rel: 'noopener' }, t('proofPdf')),
      ' · ',
      h('a', { href: proofUrl(message.id, 'json'), target: '_blank', rel: 'noopener' }, t('proofJson')),
    ),
    toggle,
    ...(message.recipients.length > 0 ? resendButton(message) : []),
    holder,
  );
}

export async function renderHistory(): Promise<HTMLElement> {
  const list = h('ol', { class: 'history' });
  const message = notice();
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('loadMore'));
  const empty = h('p', { class: 'empty', hidden: true }, t('historyEmpty'));
  let cursor: string | undefined;
  /** When each listed message was sent, so a reply can name the message it answers by its date. */
  const dates = new Map<string, string>();

  const load = async () => {
    more.disabled = true;
    try {
      const page = await api.messages(cursor);
      for (const m of page.messages) if (m.createdAt) dates.set(m.id, m.createdAt);
      list.append(...page.messages.map((m) => entry(m, dates)));
      for (const line of list.querySelectorAll<HTMLElement>('[data-reply-to]')) nameOriginal(line, dates);
      cursor = page.nextCursor ?? undefined;
      more.hidden = !cursor;
      empty.hidden = list.childElementCount > 0;
    } catch (err) {
      say(message, problemText(err), 'error');
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load());
  await load();
  return h('section', { class: 'card' }, h('h1', {}, t('historyTitle')), message, empty, list, more);
}
