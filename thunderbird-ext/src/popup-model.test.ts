import { describe, expect, it } from 'vitest';
import { attachmentsText, draftPhonesText, recipientsText, sendBlocker, signInRequest } from './popup-model';
import type { PopupState } from './protocol';

const state = (patch: Partial<PopupState> = {}): PopupState => ({
  lang: 'de',
  serviceUrl: 'https://v.example',
  signedInAs: { kind: 'session', email: 'alice@example.org' },
  choices: { confidential: true, phoneField: '', zip: 'aes256' },
  recipients: ['bob@example.org'],
  attachments: [],
  ...patch,
});

describe('signInRequest', () => {
  it('prefers an API key over email and password', () => {
    expect(signInRequest({ email: 'a@b.c', password: 'pw', apiKey: ' vk_1 ' })).toEqual({
      type: 'useApiKey',
      apiKey: 'vk_1',
    });
  });

  it('signs in with email and password, the email trimmed and the password as typed', () => {
    expect(signInRequest({ email: ' a@b.c ', password: ' pw ', apiKey: '' })).toEqual({
      type: 'signIn',
      email: 'a@b.c',
      password: ' pw ',
    });
  });

  it.each([
    { email: '', password: 'pw', apiKey: '' },
    { email: 'a@b.c', password: '', apiKey: '  ' },
  ])('asks for more when the form is incomplete (%o)', (form) => {
    expect(signInRequest(form)).toBeUndefined();
  });
});

describe('the summary', () => {
  it('lists mail recipients and names the phones from …@sms.local recipients apart', () => {
    const s = state({ recipients: ['bob@example.org', '+4917055555555@sms.local'] });
    expect(recipientsText(s, 'de')).toBe('bob@example.org');
    expect(draftPhonesText(s, 'de')).toBe('SMS an (aus den Empfängern): +4917055555555');
    expect(draftPhonesText(state(), 'de')).toBeUndefined();
  });

  it('says when there is no mail recipient or attachment', () => {
    const s = state({ recipients: ['0170555@sms.local'], attachments: [] });
    expect(recipientsText(s, 'en')).toMatch(/no email recipient/);
    expect(attachmentsText(s, 'en')).toBe('none');
    expect(attachmentsText(state({ attachments: ['a.pdf', 'b.csv'] }), 'en')).toBe('a.pdf, b.csv');
  });
});

describe('sendBlocker', () => {
  it('lets a confidential draft with a mail recipient go', () => {
    expect(sendBlocker(state())).toBeUndefined();
  });

  it('does not ask for the tick: the button seals and sends, the tick is for the normal Send', () => {
    expect(sendBlocker(state({ choices: { confidential: false, phoneField: '', zip: 'aes256' } }))).toBe(
      undefined,
    );
  });

  it('refuses a draft whose only recipients are phones', () => {
    expect(sendBlocker(state({ recipients: ['+49170555@sms.local'] }))).toBe('noRecipients');
  });
});
