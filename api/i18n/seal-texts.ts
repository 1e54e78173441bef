import { format, type KeyOf, type Lang, locales, type Values } from '../../ui/core/i18n';
import type { SealTexts } from '../seal/texts';
import type { Language, SealOptions } from '../seal/types';

// The sealing core's words from the one message catalog (ui/core/locales: sections cover,
// replyCover, zip, pdf). api/seal imports nothing outside itself, so whoever calls seal() builds
// these for the message's language and hands them in (SealOptions.texts): the CLI, the inline
// sealer and each worker thread of the pool, which gets the language, since functions cannot be posted.

const built = new Map<Lang, SealTexts>();

export function sealTexts(lang: Language): SealTexts {
  const cached = built.get(lang);
  if (cached) return cached;
  const cover = (key: KeyOf<'cover'>, values?: Values) => format(lang, 'cover', key, values);
  const reply = (key: KeyOf<'replyCover'>, values?: Values) => format(lang, 'replyCover', key, values);
  const pdf = (key: KeyOf<'pdf'>, values?: Values) => format(lang, 'pdf', key, values);
  const texts: SealTexts = {
    language: lang,
    locale: locales[lang],
    emlName: format(lang, 'zip', 'emlName'),
    entryWord: format(lang, 'zip', 'entryWord'),
    cover: {
      subject: (sender) => cover('subject', { sender }),
      generic: cover('generic'),
      zipName: cover('zipName'),
      pdfName: cover('pdfName'),
      someone: cover('someone'),
      greeting: cover('greeting'),
      intro: (sender) => cover('intro', { sender }),
      openInBrowser: (openUrl) => cover('openInBrowser', { openUrl }),
      orDirectly: cover('orDirectly'),
      howToOpen: cover('howToOpen'),
      pdfItem: (pdfName) => cover('pdfItem', { pdfName }),
      zipItem: (zipName, count) => cover('zipItem', { zipName, count }),
      windows: cover('windows'),
      macos: cover('macos'),
      missing: (sender) => cover('missing', { sender }),
      replyInClear: (sender) => cover('replyInClear', { sender }),
      replyConfidentially: cover('replyConfidentially'),
    },
    replyCover: {
      subject: (from) => reply('subject', { from }),
      zipName: reply('zipName'),
      pdfName: reply('pdfName'),
      greeting: reply('greeting'),
      intro: (from, reference) => reply('intro', { from, reference }),
      pdfItem: (pdfName) => reply('pdfItem', { pdfName }),
      zipItem: (zipName, count) => reply('zipItem', { zipName, count }),
      password: (publicUrl) => (publicUrl ? reply('passwordAt', { publicUrl }) : reply('password')),
      howToOpen: reply('howToOpen'),
      inBrowser: (openUrl) => reply('inBrowser', { openUrl }),
    },
    pdf: {
      title: pdf('title'),
      from: pdf('from'),
      to: pdf('to'),
      cc: pdf('cc'),
      date: pdf('date'),
      subject: pdf('subject'),
      noSubject: pdf('noSubject'),
      attachments: (count) => pdf('attachments', { count }),
      cut: pdf('cut'),
      page: (page, pages) => pdf('page', { page, pages }),
    },
  };
  built.set(lang, texts);
  return texts;
}

/** What a caller of the pool asks for: the seal's options with a language instead of its texts. */
export type SealRequest = Omit<SealOptions, 'texts'> & {
  /** The language of the cover, the PDF and the names in the ZIP; German by default. */
  language?: Language;
};

/** The core's options for a request: its texts from the catalog, in its language. */
export function sealOptions(request: SealRequest = {}): SealOptions {
  const { language, ...rest } = request;
  return { ...rest, texts: sealTexts(language ?? 'de') };
}
