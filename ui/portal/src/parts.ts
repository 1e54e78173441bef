import { errorText } from '../../core/api-client';
import { liveDelivery } from '../../core/delivery-live';
import { format } from '../../core/i18n';
import { spellPasswordGroups } from '../../core/spell';
import { api, type SentMessage } from './api';
import { busy, h, notice, say } from './dom';
import { language, t } from './i18n';

// Pieces more than one page shows: a copy button, the big password, the delivery table.

/** Copies `value`; navigator.clipboard needs a secure context, so plain http falls back to a selection. */
export async function copyText(value: string, source?: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    if (!source) return false;
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return document.execCommand('copy');
  }
}

export function copyButton(label: string, value: () => string, source?: () => HTMLElement): HTMLElement {
  const status = notice('ok');
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', () => {
    void copyText(value(), source?.()).then((ok) =>
      say(status, ok ? t('copied') : t('copyFailed'), ok ? 'ok' : 'error'),
    );
  });
  return h('span', { class: 'copy' }, button, status);
}

/** The password in large type, its hyphen groups kept together, with copy and spell-out. */
export function passwordBox(password: string, labelId: string): HTMLElement {
  const shown = h(
    'p',
    { class: 'password', 'aria-labelledby': labelId, translate: 'no' },
    ...password
      .split('-')
      .flatMap((group, i) => [
        i > 0 ? h('span', { class: 'hyphen' }, '-') : null,
        h('span', { class: 'group' }, group),
      ]),
  );
  const spelled = h(
    'ol',
    { class: 'spelled' },
    ...spellPasswordGroups(password, language()).map((group) =>
      h('li', {}, group.map((c) => c.words).join(', ')),
    ),
  );
  const details = h('details', {}, h('summary', {}, t('spellOut')), spelled);
  return h(
    'div',
    { class: 'password-box' },
    shown,
    copyButton(
      t('copy'),
      () => password,
      () => shown,
    ),
    details,
  );
}

/**
 * Each recipient's and phone's delivery (ui/core/delivery.ts), kept current while the page shows
 * it; a failed SMS offers "send again" and "read the password out".
 */
export function deliveryView(
  message: Pick<SentMessage, 'id' | 'password' | 'recipients' | 'sms'>,
  options: { watch?: boolean } = {},
): HTMLElement {
  const live = liveDelivery(
    language(),
    message,
    {
      load: () => api.message(message.id),
      resendSms: (smsId) => api.resendSms(message.id, smsId),
      errorText: (err) => errorText(err, language()),
    },
    options,
  );
  return h('div', { class: 'delivery' }, h('h3', {}, t('deliveryStatus')), live.element);
}

/**
 * "Please confirm your address: we sent you a link", with a button that sends the link again
 * (POST /v1/accounts/verify/resend). Shown while the account is unverified, and when a send was
 * refused for it (403 urn:vertraulich:problem:unverified). The words are the add-ins' own.
 */
export function unverifiedNotice(): HTMLElement {
  const words = (key: 'errUnverified' | 'resendLink' | 'linkResent') => format(language(), 'client', key);
  const status = notice('ok');
  const button = h('button', { type: 'button', class: 'secondary' }, words('resendLink'));
  const box = h(
    'div',
    { class: 'notice info unverified', role: 'status' },
    h('p', {}, words('errUnverified')),
    button,
    status,
  );
  button.addEventListener('click', () => {
    say(status, undefined);
    void busy(box, async () => {
      try {
        await api.resendVerification();
        say(status, words('linkResent'), 'ok');
      } catch (err) {
        say(status, errorText(err, language()), 'error');
      }
    });
  });
  return box;
}
