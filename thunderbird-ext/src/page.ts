import { hasKey, type Lang, t } from '../../ui/core/i18n';
import { getMessenger } from './messenger';

// Shared by the extension's pages: fill every `data-t` element from ui/core's words and every
// `data-msg` element from this extension's _locales, so each control has its visible label.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function applyTexts(root: Document, lang: Lang): void {
  root.documentElement.lang = lang;
  for (const element of root.querySelectorAll<HTMLElement>('[data-t]')) {
    const key = element.dataset.t ?? '';
    if (hasKey('client', key)) element.textContent = t(lang, key);
  }
  const i18n = getMessenger().i18n;
  for (const element of root.querySelectorAll<HTMLElement>('[data-msg]')) {
    element.textContent = i18n.getMessage(element.dataset.msg ?? '');
  }
}
