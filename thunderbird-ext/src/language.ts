import { type Lang, pickLanguage } from '../../ui/core/i18n';
import type { Messenger } from './messenger';

/** German when Thunderbird's UI is German, English otherwise (ui/core's rule). */
export function uiLanguageOf(messenger: Pick<Messenger, 'i18n'>): Lang {
  return pickLanguage(messenger.i18n.getUILanguage());
}
