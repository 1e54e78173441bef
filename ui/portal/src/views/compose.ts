import { ApiError } from '../../../core/api-client';
import {
  buildMessageRequest,
  bytesToBase64,
  type ClientAttachment,
  checkDraft,
  parsePhoneField,
  smsPhonesOf,
} from '../../../core/draft';
import { sendWithProgress } from '../api';
import { go, problemText, state } from '../app';
import { busy, checkbox, field, h, notice, say, uid } from '../dom';
import { language, t } from '../i18n';
import { unverifiedNotice } from '../parts';
import { checkAddresses, sizeText } from '../words';

// The compose page: recipients, phones for the SMS, subject, text, attachments, ZIP method. The body
// is built by ui/core (the same as the add-ins send) and posted with upload progress; one
// Idempotency-Key per form, so pressing "send" again after a network failure cannot send twice.

function addressInput(): HTMLInputElement {
  return h('input', { type: 'text', inputmode: 'email', autocomplete: 'email', spellcheck: 'false' });
}

async function readAttachment(file: File): Promise<ClientAttachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return {
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    contentBase64: bytesToBase64(bytes),
  };
}

/** Files picked but not sent yet: kept when the page is drawn again (e.g. after a language switch). */
let pendingFiles: File[] = [];

export function renderCompose(): HTMLElement {
  const to = addressInput();
  const cc = addressInput();
  const bcc = addressInput();
  const phones = h('input', { type: 'text', inputmode: 'tel', autocomplete: 'off' });
  const subject = h('input', { type: 'text', autocomplete: 'off' });
  const text = h('textarea', { rows: '8' });
  const files = h('input', { type: 'file', multiple: true, class: 'file-input', id: uid('files') });
  const fileList = h('ul', { class: 'files' });
  const zip = h(
    'select',
    {},
    h('option', { value: 'aes256', selected: true }, t('zipAes')),
    h('option', { value: 'zipcrypto' }, t('zipCrypto')),
  );
  const mailLang = h(
    'select',
    {},
    h('option', { value: 'de', selected: language() === 'de' }, t('langDe')),
    h('option', { value: 'en', selected: language() === 'en' }, t('langEn')),
  );
  const inClear = h('input', {});
  const progress = h('progress', { max: '100', value: '0', hidden: true });
  const progressText = h('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  const message = notice();
  // Kept across retries while the outcome is unknown (network, 5xx); a definite refusal frees it.
  let idempotencyKey = crypto.randomUUID();
  let chosen = pendingFiles;

  const showFiles = () => {
    fileList.replaceChildren(
      ...chosen.map((file, index) =>
        h(
          'li',
          {},
          h('span', { class: 'file-name' }, file.name),
          h('span', { class: 'file-size' }, sizeText(language(), file.size)),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-label': t('removeAttachment', { name: file.name }),
              onclick: () => {
                chosen = chosen.filter((_, i) => i !== index);
                pendingFiles = chosen;
                showFiles();
              },
            },
            '✕',
          ),
        ),
      ),
    );
  };
  files.addEventListener('change', () => {
    chosen = [...chosen, ...(files.files ? [...files.files] : [])];
    pendingFiles = chosen;
    files.value = '';
    showFiles();
  });
  showFiles();

  const unverified = unverifiedNotice();
  unverified.hidden = state.account?.verified !== false;
  const form = h(
    'form',
    { class: 'card compose', novalidate: true },
    h('h1', {}, t('composeTitle')),
    unverified,
    message,
    field(t('to'), to, t('addressesHint')),
    h('div', { class: 'row' }, field(t('cc'), cc), field(t('bcc'), bcc)),
    field(t('phones'), phones, t('phonesHint')),
    field(t('subject'), subject),
    field(t('text'), text),
    h(
      'div',
      { class: 'field' },
      h('label', { for: files.id }, t('attachments')),
      files,
      // The browser's own file button speaks the browser's language; this label speaks the portal's.
      h('label', { for: files.id, class: 'button secondary file-button' }, t('chooseFiles')),
    ),
    fileList,
    h('div', { class: 'row' }, field(t('zipMethod'), zip), field(t('mailLanguage'), mailLang)),
    checkbox(t('subjectInClear'), inClear),
    h('button', { type: 'submit', class: 'primary' }, t('send')),
    progress,
    progressText,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say(message, undefined);
    const lists = [to, cc, bcc].map((input) => checkAddresses(input.value));
    const invalid = lists.flatMap((l) => l.invalid);
    if (invalid[0] !== undefined) {
      say(message, t('badAddress', { value: invalid[0] }), 'error');
      return;
    }
    const [toList, ccList, bccList] = lists.map((l) => l.addresses);
    const phoneList = parsePhoneField(phones.value);
    void busy(form, async () => {
      const attachments = await Promise.all(chosen.map(readAttachment));
      const draft = {
        to: toList ?? [],
        cc: ccList ?? [],
        bcc: bccList ?? [],
        subject: subject.value,
        text: text.value,
        attachments,
      };
      const problem = checkDraft(draft, { phones: phoneList })[0];
      if (problem) {
        say(
          message,
          problem.code === 'noRecipients' ? t('needRecipient') : t('badPhone', { phone: problem.phone }),
          'error',
        );
        return;
      }
      const body = buildMessageRequest(draft, {
        phones: phoneList,
        zip: zip.value === 'zipcrypto' ? 'zipcrypto' : 'aes256',
        language: mailLang.value === 'en' ? 'en' : 'de',
        subjectInClear: inClear.checked,
      });
      progress.hidden = false;
      progress.value = 0;
      progressText.textContent = t('uploading', { percent: 0 });
      try {
        const result = await sendWithProgress(body, idempotencyKey, (fraction) => {
          const percent = Math.round(fraction * 100);
          progress.value = percent;
          progressText.textContent = percent >= 100 ? t('sealing') : t('uploading', { percent });
        });
        pendingFiles = [];
        state.lastSent = { ...result, subject: subject.value, createdAt: new Date().toISOString() };
        go('result');
      } catch (err) {
        progress.hidden = true;
        progressText.textContent = '';
        if (err instanceof ApiError && err.kind !== 'network' && err.kind !== 'server') {
          idempotencyKey = crypto.randomUUID();
        }
        const smsRefused =
          err instanceof ApiError &&
          err.kind === 'forbidden' &&
          body.sms.length + smsPhonesOf(body).length > 0;
        if (err instanceof ApiError && err.kind === 'unverified') {
          // The notice says it and offers the link again; the error line would only repeat it.
          unverified.hidden = false;
          say(message, t('nothingSentYet'), 'error');
          return;
        }
        say(message, smsRefused ? t('smsNeedsPaid') : problemText(err), 'error');
      }
    });
  });
  queueMicrotask(() => to.focus());
  return form;
}
