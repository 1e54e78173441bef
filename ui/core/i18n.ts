// ui/core/i18n: the one message catalog of every client (the portal, the Outlook pane, the
// Thunderbird pages, /open). The texts live in ui/core/locales/, one file per language; a message
// is ICU MessageFormat, formatted by intl-messageformat, so plurals follow Intl.PluralRules ("in 1
// minute", "in 2 minutes"; "in 1 Minute", "in 2 Minuten") instead of a hand-written "minutes".
// A new language is one file in locales/ plus its line in `catalogs` below.

import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Catalog, KeyOf, Section } from './locales/catalog';
import { de } from './locales/de';
import { en } from './locales/en';

export type { Catalog, KeyOf, Section } from './locales/catalog';

export const catalogs = { de, en } satisfies Record<string, Catalog>;

export type Lang = keyof typeof catalogs;
export const languages = Object.keys(catalogs) as Lang[];

/** The BCP 47 tag Intl formatters get for `lang` (dates, numbers, plural rules). */
export const locales: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

export type Values = Record<string, PrimitiveType>;

function isLang(tag: string): tag is Lang {
  return Object.hasOwn(catalogs, tag);
}

/**
 * The language of the first tag (de-DE, de-AT, en-US, …) whose base language has a catalog; English
 * when none has. Takes what the host says: Office.context.displayLanguage,
 * browser.i18n.getUILanguage(), navigator.languages, or a saved choice first.
 */
export function pickLanguage(tags: string | readonly (string | null | undefined)[] | null | undefined): Lang {
  const list = typeof tags === 'string' ? [tags] : (tags ?? []);
  for (const tag of list) {
    const base = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (isLang(base)) return base;
  }
  return 'en';
}

const formatters = new Map<string, IntlMessageFormat>();

/** The message `key` of `section` in `lang`, its placeholders and plurals filled from `values`. */
export function format<S extends Section>(
  lang: Lang,
  section: S,
  key: KeyOf<S>,
  values: Values = {},
): string {
  const message: string = (catalogs[lang][section] as Record<string, string>)[key] ?? key;
  const id = `${lang}\u0000${section}\u0000${key}`;
  let formatter = formatters.get(id);
  if (!formatter) {
    // ignoreTag: texts are shown with textContent; "<" is a character, never markup.
    formatter = new IntlMessageFormat(message, locales[lang], undefined, { ignoreTag: true });
    formatters.set(id, formatter);
  }
  try {
    return String(formatter.format(values));
  } catch {
    // A value the caller forgot: show the text with its placeholder rather than nothing.
    return message;
  }
}

/** Whether `key` names a message of `section` (for [data-i18n] attributes read from HTML). */
export function hasKey<S extends Section>(section: S, key: string | undefined): key is KeyOf<S> {
  return key !== undefined && Object.hasOwn(catalogs.en[section], key);
}

/** The Outlook pane's and Thunderbird pages' texts (section `client`). */
export type StringKey = KeyOf<'client'>;

export function t(lang: Lang, key: StringKey, values?: Values): string {
  return format(lang, 'client', key, values);
}
