import { ApiError } from '../../../core/api-client';
import { api } from '../api';
import { flash, go, problemText, state } from '../app';
import { busy, checkbox, field, h, notice, say } from '../dom';
import { t } from '../i18n';
import { passwordProblem as newPasswordProblem } from './auth';
import { renderApiKeys } from './settings-keys';

// Settings: the account and its plan, receipt mails (when the service offers them), change password,
// API keys, delete the account.

/**
 * Words for a refused password change or deletion. A 401 there may mean the typed password was
 * wrong or the session ended; asking for the account tells the two apart.
 */
async function refusedPasswordText(err: unknown): Promise<string> {
  if (err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'forbidden')) {
    try {
      await api.account();
      return t('wrongPassword');
    } catch {
      // The session is gone: problemText sends the user to sign in.
    }
  }
  return problemText(err);
}

function passwordInput(autocomplete: string): HTMLInputElement {
  return h('input', { type: 'password', autocomplete, required: true });
}

function card(id: string, title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function accountCard(): HTMLElement {
  const account = state.account;
  if (!account) return h('div', {});
  const plan = account.plan === 'paid' ? t('plan_paid') : t('plan_free');
  return card(
    'account-title',
    t('accountSection'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('email')),
      h('dd', {}, account.email),
      account.name ? h('dt', {}, t('name')) : null,
      account.name ? h('dd', {}, account.name) : null,
      h('dt', {}, t('planSection')),
      h('dd', { class: 'plan' }, plan),
    ),
    h('p', { class: 'hint' }, t('planHowTo', { email: account.email })),
  );
}

/** Shown only when GET /v1/account tells the setting (the gateway's receipt mails). */
function receiptCard(): HTMLElement | null {
  const current = state.account?.receiptMails;
  if (typeof current !== 'boolean') return null;
  const box = h('input', { checked: current });
  const message = notice('ok');
  box.addEventListener('change', () => {
    void busy(box.parentElement ?? box, async () => {
      try {
        const updated = await api.setReceiptMails(box.checked);
        if (state.account) state.account.receiptMails = updated?.receiptMails ?? box.checked;
        say(message, t('receiptSaved'), 'ok');
      } catch (err) {
        box.checked = !box.checked;
        say(message, problemText(err), 'error');
      }
    });
  });
  return card('receipt-title', t('receiptSection'), checkbox(t('receiptLabel'), box), message);
}

function passwordCard(): HTMLElement {
  const current = passwordInput('current-password');
  const next = passwordInput('new-password');
  const repeat = passwordInput('new-password');
  const message = notice();
  const form = h(
    'form',
    { novalidate: true },
    message,
    field(t('currentPassword'), current),
    field(t('newPassword'), next, t('passwordHint')),
    field(t('repeatNewPassword'), repeat),
    h('button', { type: 'submit', class: 'secondary' }, t('changePassword')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = newPasswordProblem(next.value, repeat.value);
    if (problem) {
      say(message, problem, 'error');
      return;
    }
    void busy(form, async () => {
      try {
        await api.changePassword(current.value, next.value);
        form.reset();
        say(message, t('passwordChanged'), 'ok');
      } catch (err) {
        say(message, await refusedPasswordText(err), 'error');
      }
    });
  });
  return card('password-title', t('passwordSection'), form);
}

function deleteCard(): HTMLElement {
  const password = passwordInput('current-password');
  const message = notice();
  const form = h(
    'form',
    { novalidate: true },
    h('p', {}, t('deleteExplain')),
    message,
    field(t('deletePassword'), password),
    h('button', { type: 'submit', class: 'danger' }, t('deleteButton')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        await api.deleteAccount(password.value);
        state.account = undefined;
        state.lastSent = undefined;
        flash(t('deleted'), 'ok');
        go('signin');
      } catch (err) {
        say(message, await refusedPasswordText(err), 'error');
      }
    });
  });
  return card('delete-title', t('deleteSection'), form);
}

export async function renderSettings(): Promise<HTMLElement> {
  try {
    state.account = await api.account();
  } catch (err) {
    return h('p', { class: 'notice error', role: 'alert' }, problemText(err));
  }
  return h(
    'div',
    { class: 'settings' },
    h('h1', {}, t('settingsTitle')),
    accountCard(),
    receiptCard(),
    passwordCard(),
    renderApiKeys(),
    deleteCard(),
  );
}
