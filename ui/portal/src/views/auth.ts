import { ApiError } from '../../../core/api-client';
import { api } from '../api';
import { flash, go, problemText, state } from '../app';
import { busy, field, h, notice, say } from '../dom';
import { language, t } from '../i18n';
import { lockoutText, retryAt } from '../words';

// Sign-in and sign-up. A locked login (429) is told in plain words with the clock time to try again,
// read from Retry-After; a wrong password is one sentence, never which of the two was wrong.

/** As api/accounts/credentials.ts MIN_PASSWORD_LENGTH. */
const MIN_PASSWORD_LENGTH = 10;

function input(type: string, autocomplete: string, required = true): HTMLInputElement {
  return h('input', { type, autocomplete, required, spellcheck: 'false' });
}

function loginErrorText(err: unknown): string {
  if (err instanceof ApiError && err.kind === 'rateLimited') {
    const header = err.retryAfter === undefined ? undefined : String(err.retryAfter);
    const now = new Date();
    return lockoutText(language(), retryAt(header, now), now);
  }
  if (err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'invalid')) {
    return t('wrongLogin');
  }
  return problemText(err);
}

/** What is wrong with a new password before it is sent (the server checks the same length). */
export function passwordProblem(password: string, repeat: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return t('passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (password !== repeat) return t('passwordsDiffer');
  return undefined;
}

function signUpErrorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 409) return t('emailTaken');
  const field = err instanceof ApiError ? err.problem?.errors?.[0]?.path : undefined;
  if (field === 'email') return t('badEmail');
  if (field === 'password') return t('passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  return problemText(err);
}

async function signInAndGo(email: string, password: string): Promise<void> {
  await api.login(email, password);
  state.account = await api.account();
  go('compose');
}

export function renderSignIn(): HTMLElement {
  const email = input('email', 'username');
  const password = input('password', 'current-password');
  const message = notice();
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h('h1', {}, t('signInTitle')),
    h('p', { class: 'lead' }, t('tagline')),
    message,
    field(t('email'), email),
    field(t('password'), password),
    h('button', { type: 'submit', class: 'primary' }, t('signInButton')),
    h('p', { class: 'alt' }, h('a', { href: '#/signup' }, t('noAccount'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(message, undefined);
    void busy(form, async () => {
      try {
        await signInAndGo(email.value.trim(), password.value);
      } catch (err) {
        say(message, loginErrorText(err), 'error');
        password.select();
      }
    });
  });
  queueMicrotask(() => email.focus());
  return form;
}

export function renderSignUp(): HTMLElement {
  const name = input('text', 'name', false);
  const email = input('email', 'username');
  const password = input('password', 'new-password');
  const repeat = input('password', 'new-password');
  password.minLength = 10;
  const message = notice();
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h('h1', {}, t('signUpTitle')),
    h('p', { class: 'lead' }, t('signUpIntro')),
    message,
    field(t('name'), name),
    field(t('email'), email),
    field(t('password'), password, t('passwordHint')),
    field(t('repeatPassword'), repeat),
    h('button', { type: 'submit', class: 'primary' }, t('signUpButton')),
    h('p', { class: 'alt' }, h('a', { href: '#/signin' }, t('haveAccount'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(message, undefined);
    const problem = passwordProblem(password.value, repeat.value);
    if (problem) {
      say(message, problem, 'error');
      password.focus();
      return;
    }
    void busy(form, async () => {
      try {
        await api.signUp(email.value.trim(), password.value, name.value.trim() || undefined);
      } catch (err) {
        say(message, signUpErrorText(err), 'error');
        return;
      }
      // No automatic sign-in: for an address that has an account already the service answers the
      // same and mails its owner instead, so the page must not tell the two apart either (issue 13).
      flash(t('signUpSent', { email: email.value.trim() }), 'ok');
      go('signin');
    });
  });
  queueMicrotask(() => name.focus());
  return form;
}
