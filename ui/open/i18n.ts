import { format, hasKey, type KeyOf, type Lang, pickLanguage as pickFrom } from '../core/i18n';

// The words of the /open page: ui/core's catalog, section `open`. German is written into the HTML at
// build time (no flash of empty labels); the script switches to English for browsers that do not ask
// for German and whenever the recipient presses the language button.

export type { Lang } from '../core/i18n';
export type TextKey = KeyOf<'open'>;

/** The browser's languages in order; English when none has a catalog (ui/core's one rule). */
export function pickLanguage(tags: readonly string[]): Lang {
  return pickFrom(tags);
}

export function t(lang: Lang, key: TextKey, vars: Record<string, string> = {}): string {
  return format(lang, 'open', key, vars);
}

export function isTextKey(key: string): key is TextKey {
  return hasKey('open', key);
}
