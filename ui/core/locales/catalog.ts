import type { de } from './de';

// The shape every language file has: de.ts's sections and keys, each a string.

export type Section = keyof typeof de;
export type Catalog = { [S in Section]: Record<keyof (typeof de)[S], string> };
export type KeyOf<S extends Section> = keyof Catalog[S] & string;
