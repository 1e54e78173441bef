import { format, type KeyOf, type Lang, pickLanguage as pickFrom, type Values } from '../../core/i18n';

// The portal's language: the browser's languages pick one at first, the switch in the header changes
// it, and the choice is remembered in localStorage (not a cookie: the server never needs it). The
// texts are ui/core's catalog, section `portal`.

export type { Lang } from '../../core/i18n';
export type Key = KeyOf<'portal'>;

const storageKey = 'vertraulich.lang';

/** A saved choice first, then the browser's languages in order (ui/core's one rule). */
export function pickLanguage(saved: string | null, browser: readonly string[]): Lang {
  return pickFrom([saved, ...browser]);
}

let current: Lang = 'de';

export function initLanguage(): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(storageKey);
  } catch {
    // Storage can be off (private mode, policies): the browser language still works.
  }
  current = pickLanguage(saved, navigator.languages ?? [navigator.language]);
  document.documentElement.lang = current;
  return current;
}

export function setLanguage(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Not remembered, but switched for this visit.
  }
}

export function language(): Lang {
  return current;
}

/** The text for `key` in `lang`, placeholders and plurals filled from `vars`. */
export function translate(lang: Lang, key: Key, vars?: Values): string {
  return format(lang, 'portal', key, vars);
}

export function t(key: Key, vars?: Values): string {
  return translate(current, key, vars);
}
