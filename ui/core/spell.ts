// ui/core/spell: the "spell it out" view for reading a message password aloud on the phone.
// German uses the traditional DIN 5009 names that people in Germany know from the phone (Anton,
// Berta, Cäsar, …, Kaufmann, Xanthippe, Zacharias), not the city names of DIN 5009:2022 (Aachen,
// Berlin, Chemnitz, …), which few callers recognise yet. English uses the ICAO/NATO alphabet.
// Case is always said ("großes K wie Kaufmann", "capital K as in Kilo"), digits as words, and the
// hyphens that are part of the password as "Bindestrich"/"hyphen".

import type { Lang } from './i18n';

const din5009: Record<string, string> = {
  A: 'Anton',
  B: 'Berta',
  C: 'Cäsar',
  D: 'Dora',
  E: 'Emil',
  F: 'Friedrich',
  G: 'Gustav',
  H: 'Heinrich',
  I: 'Ida',
  J: 'Julius',
  K: 'Kaufmann',
  L: 'Ludwig',
  M: 'Martha',
  N: 'Nordpol',
  O: 'Otto',
  P: 'Paula',
  Q: 'Quelle',
  R: 'Richard',
  S: 'Samuel',
  T: 'Theodor',
  U: 'Ulrich',
  V: 'Viktor',
  W: 'Wilhelm',
  X: 'Xanthippe',
  Y: 'Ypsilon',
  Z: 'Zacharias',
  Ä: 'Ärger',
  Ö: 'Ökonom',
  Ü: 'Übermut',
  ß: 'Eszett',
};

const icao: Record<string, string> = {
  A: 'Alfa',
  B: 'Bravo',
  C: 'Charlie',
  D: 'Delta',
  E: 'Echo',
  F: 'Foxtrot',
  G: 'Golf',
  H: 'Hotel',
  I: 'India',
  J: 'Juliett',
  K: 'Kilo',
  L: 'Lima',
  M: 'Mike',
  N: 'November',
  O: 'Oscar',
  P: 'Papa',
  Q: 'Quebec',
  R: 'Romeo',
  S: 'Sierra',
  T: 'Tango',
  U: 'Uniform',
  V: 'Victor',
  W: 'Whiskey',
  X: 'X-ray',
  Y: 'Yankee',
  Z: 'Zulu',
};

// "zwo" rather than "zwei": DIN 5009 says it so on the phone, so it cannot be heard as "drei".
const digitsDe = ['null', 'eins', 'zwo', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];
const digitsEn = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

const symbols: Record<Lang, Record<string, string>> = {
  de: { '-': 'Bindestrich', _: 'Unterstrich', '.': 'Punkt', ' ': 'Leerzeichen' },
  en: { '-': 'hyphen', _: 'underscore', '.': 'dot', ' ': 'space' },
};

export interface SpelledChar {
  char: string;
  /** What to say, e.g. "großes K wie Kaufmann", "sieben", "Bindestrich". */
  words: string;
  kind: 'upper' | 'lower' | 'digit' | 'symbol';
}

export function spellChar(char: string, lang: Lang): SpelledChar {
  if (/^\d$/.test(char)) {
    return { char, kind: 'digit', words: (lang === 'de' ? digitsDe : digitsEn)[Number(char)] ?? char };
  }
  const symbol = symbols[lang][char];
  if (symbol) return { char, kind: 'symbol', words: symbol };
  const upper = char.toUpperCase();
  const lower = char.toLowerCase();
  const isLetter = upper !== lower || char === 'ß';
  if (!isLetter) {
    return { char, kind: 'symbol', words: lang === 'de' ? `Zeichen „${char}“` : `character “${char}”` };
  }
  const isUpper = char === upper && char !== 'ß';
  const kind = isUpper ? 'upper' : 'lower';
  if (lang === 'de') {
    const name = din5009[char === 'ß' ? 'ß' : upper];
    const size = isUpper ? 'großes' : 'kleines';
    return { char, kind, words: name ? `${size} ${char} wie ${name}` : `${size} ${char}` };
  }
  const name = icao[upper];
  const size = isUpper ? 'capital' : 'small';
  return { char, kind, words: name ? `${size} ${char} as in ${name}` : `${size} ${char}` };
}

/** The password character by character, as words to read aloud. */
export function spellPassword(password: string, lang: Lang): SpelledChar[] {
  return [...password].map((c) => spellChar(c, lang));
}

/**
 * The password in groups (split at its hyphens), each group a list of spelled characters; the
 * hyphens themselves become a "Bindestrich"/"hyphen" entry between groups.
 */
export function spellPasswordGroups(password: string, lang: Lang): SpelledChar[][] {
  const groups: SpelledChar[][] = [];
  const parts = password.split('-');
  parts.forEach((part, i) => {
    groups.push(spellPassword(part, lang));
    if (i < parts.length - 1) groups.push([spellChar('-', lang)]);
  });
  return groups;
}
