import { type ApiKey, api } from '../api';
import { problemText } from '../app';
import { busy, field, h, notice, say } from '../dom';
import { language, t } from '../i18n';
import { copyButton } from '../parts';
import { dateText } from '../words';

// API keys: create (the key is shown this once), list by name and prefix, revoke.

/** The list, whichever envelope the API uses for it (a bare array or {apiKeys} / {keys}). */
export function keysOf(answer: unknown): ApiKey[] {
  if (Array.isArray(answer)) return answer as ApiKey[];
  if (answer && typeof answer === 'object') {
    const o = answer as { apiKeys?: unknown; keys?: unknown; items?: unknown };
    const list = o.apiKeys ?? o.keys ?? o.items;
    if (Array.isArray(list)) return list as ApiKey[];
  }
  return [];
}

/** The secret in a create answer; field names as the accounts API spells them. */
export function secretOf(answer: unknown): string | undefined {
  if (!answer || typeof answer !== 'object') return undefined;
  const o = answer as { apiKey?: unknown; key?: unknown; secret?: unknown };
  const value = o.apiKey ?? o.key ?? o.secret;
  return typeof value === 'string' ? value : undefined;
}

export function renderApiKeys(): HTMLElement {
  const name = h('input', { type: 'text', autocomplete: 'off', maxlength: '100' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const message = notice();
  const fresh = h('div', { class: 'new-key', hidden: true });
  const list = h('ul', { class: 'keys' });

  const showList = async () => {
    try {
      const keys = keysOf(await api.apiKeys());
      list.replaceChildren(
        ...(keys.length === 0 ? [h('li', { class: 'empty' }, t('noKeys'))] : keys.map(keyItem)),
      );
    } catch (err) {
      say(message, problemText(err), 'error');
    }
  };

  const keyItem = (key: ApiKey) => {
    const label = key.name || key.prefix || key.id;
    const revoke = h(
      'button',
      { type: 'button', class: 'danger', 'aria-label': t('revokeKey', { name: label }) },
      t('revoke'),
    );
    revoke.addEventListener('click', () => {
      void busy(list, async () => {
        try {
          await api.revokeApiKey(key.id);
          say(message, t('revoked'), 'ok');
          fresh.hidden = true;
          fresh.replaceChildren();
          await showList();
        } catch (err) {
          say(message, problemText(err), 'error');
        }
      });
    });
    const facts = [
      key.prefix ? `${key.prefix}…` : '',
      key.createdAt ? t('keyCreated', { date: dateText(language(), key.createdAt) }) : '',
      key.lastUsedAt ? t('keyLastUsed', { date: dateText(language(), key.lastUsedAt) }) : '',
    ].filter(Boolean);
    return h(
      'li',
      {},
      h('div', {}, h('strong', {}, label), h('p', { class: 'meta' }, facts.join(' · '))),
      revoke,
    );
  };

  const form = h(
    'form',
    { class: 'inline-form' },
    field(t('keyName'), name),
    field(t('keyPassword'), password),
    h('button', { type: 'submit', class: 'secondary' }, t('createKey')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(message, undefined);
    void busy(form, async () => {
      try {
        const secret = secretOf(await api.createApiKey(name.value.trim() || 'API key', password.value));
        name.value = '';
        password.value = '';
        if (secret) {
          const code = h('code', { class: 'secret', id: 'new-key-value', translate: 'no' }, secret);
          fresh.replaceChildren(
            h('p', { id: 'new-key-label' }, t('keyShownOnce')),
            h('div', { class: 'secret-box', role: 'group', 'aria-labelledby': 'new-key-label' }, code),
            copyButton(
              t('copyKey'),
              () => secret,
              () => code,
            ),
          );
          fresh.hidden = false;
        }
        await showList();
      } catch (err) {
        say(message, problemText(err), 'error');
      }
    });
  });

  void showList();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, t('keysSection')),
    h('p', {}, t('keysIntro')),
    message,
    form,
    fresh,
    list,
  );
}
