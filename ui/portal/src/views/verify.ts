import { ApiError } from '../../../core/api-client';
import { api } from '../api';
import { problemText, state } from '../app';
import { h } from '../dom';
import { language, t } from '../i18n';

// The page behind the link in the sign-up mail: `${PUBLIC_URL}/#/verify/<token>`. It posts the token
// once (POST /v1/accounts/verify) and says whether the address is now confirmed. The outcome is kept
// per token, so switching the language redraws it instead of spending the single-use token again.

type Outcome = { ok: true } | { ok: false; text: string; detail?: string };

const outcomes = new Map<string, Promise<Outcome>>();

/** The token from `#/verify/<token>`; '' when the link lost it. */
export function verifyToken(hash: string): string {
  const match = /^#\/?verify\/([^/?#]+)/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

async function confirm(token: string): Promise<Outcome> {
  try {
    await api.verifyAddress(token);
    if (state.account) state.account = { ...state.account, verified: true };
    return { ok: true };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 400 || err.status === 404 || err.status === 410)) {
      return { ok: false, text: t('verifyFailed'), detail: err.problem?.detail };
    }
    return { ok: false, text: problemText(err) };
  }
}

export async function renderVerify(): Promise<HTMLElement> {
  const token = verifyToken(location.hash);
  const card = (...children: (HTMLElement | null)[]) =>
    h('section', { class: 'card narrow verify' }, h('h1', {}, t('verifyTitle')), ...children);
  if (!token) return card(h('p', { class: 'notice error', role: 'alert' }, t('verifyNoToken')));
  let pending = outcomes.get(token);
  if (!pending) {
    pending = confirm(token);
    outcomes.set(token, pending);
  }
  const outcome = await pending;
  const next = state.account
    ? h('a', { class: 'button primary', href: '#/compose' }, t('goCompose'))
    : h('a', { class: 'button primary', href: '#/signin' }, t('goSignIn'));
  if (outcome.ok)
    return card(h('p', { class: 'notice ok', role: 'status' }, t('verified')), h('p', {}, next));
  // The server's detail is English: shown to English readers only, as everywhere in the portal.
  const detail = outcome.detail && language() === 'en' ? ` (${outcome.detail})` : '';
  return card(
    h('p', { class: 'notice error', role: 'alert' }, `${outcome.text}${detail}`),
    h('p', { class: 'hint' }, t('verifyFailedHint')),
    h('p', {}, next),
  );
}
