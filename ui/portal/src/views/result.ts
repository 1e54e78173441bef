import { go, state } from '../app';
import { h } from '../dom';
import { t } from '../i18n';
import { deliveryView, passwordBox } from '../parts';

// After sending: the password large and copyable, what to do with it, and how delivery went.

export function renderResult(): HTMLElement {
  const sent = state.lastSent;
  if (!sent) {
    queueMicrotask(() => go('history'));
    return h('div', {});
  }
  return h(
    'section',
    { class: 'card result' },
    h('h1', {}, t('resultTitle')),
    h('h2', { id: 'result-password' }, t('resultPassword')),
    passwordBox(sent.password, 'result-password'),
    h('p', { class: 'advice' }, t('resultAdvice')),
    deliveryView(sent),
    h('p', {}, h('a', { class: 'button primary', href: '#/compose' }, t('writeAnother'))),
  );
}
