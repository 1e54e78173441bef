import { h } from '../dom';
import { t } from '../i18n';

// How to install the add-ins. Links are absolute on this origin, so the manifest address shown is
// the one to paste into Outlook.

function absolute(path: string): string {
  return new URL(path, location.origin).href;
}

export function renderHelp(): HTMLElement {
  const manifest = absolute('/addin/manifest.xml');
  const xpi = absolute('/downloads/vertraulich-thunderbird.xpi');
  return h(
    'div',
    { class: 'help' },
    h('h1', {}, t('helpTitle')),
    h('p', { class: 'lead' }, t('helpIntro')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'outlook-title' },
      h('h2', { id: 'outlook-title' }, t('outlookTitle')),
      h(
        'ol',
        { class: 'steps' },
        h('li', {}, t('outlookStep1')),
        h(
          'li',
          {},
          t('outlookStep2'),
          h('br', {}),
          h('code', { class: 'url', translate: 'no' }, manifest),
          h('br', {}),
          h('a', { href: '/addin/manifest.xml' }, t('manifestLink')),
        ),
        h('li', {}, t('outlookStep3')),
      ),
      h('p', { class: 'hint' }, t('outlookAdmin')),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tb-title' },
      h('h2', { id: 'tb-title' }, t('thunderbirdTitle')),
      h(
        'ol',
        { class: 'steps' },
        h(
          'li',
          {},
          t('thunderbirdStep1'),
          ' ',
          h('a', { href: xpi, download: 'vertraulich-thunderbird.xpi' }, t('xpiLink')),
        ),
        h('li', {}, t('thunderbirdStep2')),
        h('li', {}, t('thunderbirdStep3', { origin: location.origin })),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'open-title' },
      h('h2', { id: 'open-title' }, t('openTitle')),
      h('p', {}, t('openText')),
      h('p', {}, h('a', { href: '/open' }, t('openLink'))),
    ),
  );
}
