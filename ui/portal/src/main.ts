import { api } from './api';
import { flash, go, type Route, routeFromHash, signedInRoutes, state, titleKey } from './app';
import { h, notice, say } from './dom';
import { initLanguage, type Lang, language, setLanguage, t } from './i18n';
import { renderSignIn, renderSignUp } from './views/auth';
import { renderCompose } from './views/compose';
import { renderHelp } from './views/help';
import { renderHistory } from './views/history';
import { renderResult } from './views/result';
import { renderSettings } from './views/settings';
import { renderVerify } from './views/verify';

// The portal's entry point: draws the header for the current language and session, then the view
// the URL fragment names. Signed-out visitors of a signed-in page land on the sign-in form.

const views: Record<Route, () => HTMLElement | Promise<HTMLElement>> = {
  signin: renderSignIn,
  signup: renderSignUp,
  compose: renderCompose,
  result: renderResult,
  history: renderHistory,
  settings: renderSettings,
  help: renderHelp,
  verify: renderVerify,
};

function header(route: Route): HTMLElement {
  const link = (to: Route, key: Parameters<typeof t>[0]) =>
    h('a', { href: `#/${to}`, 'aria-current': route === to ? 'page' : undefined }, t(key));
  const nav = state.account
    ? h(
        'nav',
        { 'aria-label': 'vertraulich' },
        link('compose', 'navCompose'),
        link('history', 'navHistory'),
        link('settings', 'navSettings'),
        link('help', 'navHelp'),
        h('button', { type: 'button', class: 'link', onclick: signOut }, t('signOut')),
      )
    : h('nav', { 'aria-label': 'vertraulich' }, link('signin', 'signInTitle'), link('help', 'navHelp'));
  const select = h(
    'select',
    {
      id: 'lang',
      onchange: (e: Event) => void switchLanguage((e.target as HTMLSelectElement).value as Lang),
    },
    h('option', { value: 'de', selected: language() === 'de' }, 'Deutsch'),
    h('option', { value: 'en', selected: language() === 'en' }, 'English'),
  );
  return h(
    'header',
    { class: 'top' },
    h(
      'a',
      { class: 'brand', href: '#/compose' },
      h('span', { class: 'lock', 'aria-hidden': 'true' }),
      'vertraulich',
    ),
    nav,
    h('div', { class: 'lang' }, h('label', { for: 'lang' }, t('language')), select),
  );
}

async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // The cookie is cleared by the server; if it cannot be reached the session still times out.
  }
  state.account = undefined;
  flash(t('signedOut'), 'ok');
  go('signin');
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** What the user typed on the page, in document order (file pickers excepted: they cannot be set). */
function typed(): Control[] {
  const main = document.getElementById('main');
  return main ? [...main.querySelectorAll<Control>('input:not([type="file"]), textarea, select')] : [];
}

/** Draws the page again in `lang`, keeping what was typed: same page, same controls, same order. */
async function switchLanguage(lang: Lang): Promise<void> {
  const before = typed().map((c) =>
    c instanceof HTMLInputElement && c.type === 'checkbox' ? c.checked : c.value,
  );
  setLanguage(lang);
  await render();
  const after = typed();
  if (after.length !== before.length) return;
  after.forEach((control, i) => {
    const value = before[i];
    if (typeof value === 'boolean' && control instanceof HTMLInputElement) control.checked = value;
    else if (typeof value === 'string') control.value = value;
  });
}

let rendering = 0;

async function render(): Promise<void> {
  const ticket = ++rendering;
  const root = document.getElementById('app');
  if (!root) return;
  let route = routeFromHash(location.hash);
  if (signedInRoutes.includes(route) && !state.account) {
    try {
      state.account = await api.account();
    } catch {
      route = 'signin';
    }
  } else if (route === 'verify' && !state.account) {
    // Only to offer "write a message" rather than "sign in" afterwards; either is fine.
    state.account = await api.account().catch(() => undefined);
  }
  if ((route === 'signin' || route === 'signup') && state.account) route = 'compose';
  if (ticket !== rendering) return;
  const main = h('main', { id: 'main', tabindex: '-1' });
  const message = notice(state.flash?.kind ?? 'info');
  if (state.flash) say(message, state.flash.text, state.flash.kind);
  state.flash = undefined;
  main.append(message, h('p', { class: 'loading' }, t('loading')));
  root.replaceChildren(header(route), main);
  document.title = `${t(titleKey(route))} · vertraulich`;
  const view = await views[route]();
  if (ticket !== rendering) return;
  main.replaceChildren(message, view);
  // The verify page keeps its token in the fragment: it is the page's whole input.
  const keep = route === 'verify' && location.hash.startsWith('#/verify/');
  if (location.hash !== `#/${route}` && !keep) history.replaceState(null, '', `#/${route}`);
}

initLanguage();
window.addEventListener('hashchange', () => void render());
void render();
