import { ApiError, errorText } from '../../core/api-client';
import type { Account, SentMessage } from './api';
import { type Key, language, t } from './i18n';

// What the views share: the signed-in account, where to go next, and one way to turn errors into
// words. Routes live in the URL fragment (#/compose), so the server serves one page for all of them.

export type Route = 'signin' | 'signup' | 'compose' | 'result' | 'history' | 'settings' | 'help' | 'verify';

export const signedInRoutes: readonly Route[] = ['compose', 'result', 'history', 'settings'];

export interface AppState {
  account: Account | undefined;
  /** The answer to the last send, shown once on the result page (never put into the URL). */
  lastSent: SentMessage | undefined;
  /** A message to show on the next page (e.g. "signed out"). */
  flash: { text: string; kind: 'ok' | 'error' | 'info' } | undefined;
}

export const state: AppState = { account: undefined, lastSent: undefined, flash: undefined };

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  const known: readonly Route[] = [
    'signin',
    'signup',
    'compose',
    'result',
    'history',
    'settings',
    'help',
    'verify',
  ];
  return (known as readonly string[]).includes(name) ? (name as Route) : 'compose';
}

export function go(route: Route): void {
  const target = `#/${route}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

export function flash(text: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  state.flash = { text, kind };
}

/**
 * The words for an error; a 401 outside the sign-in form means the session ended (another device
 * changed the password, or it expired), so the portal goes back to the sign-in page.
 */
export function problemText(err: unknown): string {
  if (err instanceof ApiError && err.kind === 'unauthorized') {
    state.account = undefined;
    flash(t('sessionEnded'), 'error');
    go('signin');
    return t('sessionEnded');
  }
  if (err instanceof ApiError && err.kind === 'network') return t('networkError');
  // ui/core's sentence; it adds the server's English detail for English readers only.
  return errorText(err, language());
}

export function titleKey(route: Route): Key {
  const titles: Record<Route, Key> = {
    signin: 'signInTitle',
    signup: 'signUpTitle',
    compose: 'composeTitle',
    result: 'resultTitle',
    history: 'historyTitle',
    settings: 'settingsTitle',
    help: 'helpTitle',
    verify: 'verifyTitle',
  };
  return titles[route];
}
