import { de } from './strings-de';
import { en } from './strings-en';

// The portal speaks German and English: the browser's language picks one at first, the switch in the
// header changes it, and the choice is remembered in localStorage (not a cookie: the server never needs it).

export type Lang = 'de' | 'en';
export type Key = keyof typeof de;

const tables: Record<Lang, Record<Key, string>> = { de, en };
const storageKey = 'vertraulich.lang';

/** German for anyone whose first German-or-English browser language is German; English otherwise. */
export function pickLanguage(saved: string | null, browser: readonly string[]): Lang {
  if (saved === 'de' || saved === 'en') return saved;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'de';
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

/** The text for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  return translate(current, key, vars);
}
