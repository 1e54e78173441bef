import { describe, expect, it } from 'vitest';
import {
  base64Size,
  buildMessageRequest,
  bytesToBase64,
  type ClientDraft,
  checkDraft,
  parsePhoneField,
  smsPhonesOf,
} from './draft';

const draft = (over: Partial<ClientDraft> = {}): ClientDraft => ({
  to: ['a@example.org', '+4917055555555@sms.local'],
  cc: [],
  bcc: [],
  subject: 'Befund',
  html: '<p>Hallo</p>',
  attachments: [{ filename: 'Befund.pdf', contentType: 'application/pdf', contentBase64: 'JVBERg==' }],
  ...over,
});

describe('draft → POST /v1/messages body', () => {
  it('keeps …@sms.local recipients in to and adds typed phones to sms', () => {
    const body = buildMessageRequest(draft(), { phones: ['0171 1234567'], zip: 'aes256', language: 'de' });
    expect(body.to).toEqual(['a@example.org', '+4917055555555@sms.local']);
    expect(body.sms).toEqual(['0171 1234567']);
    expect(body.attachments).toEqual([
      { filename: 'Befund.pdf', contentType: 'application/pdf', content: 'JVBERg==' },
    ]);
    expect(body.options).toEqual({
      zip: 'aes256',
      language: 'de',
      subjectInClear: false,
      includeOriginal: false,
    });
  });

  it('does not repeat a typed phone that is already a …@sms.local recipient', () => {
    const body = buildMessageRequest(draft(), {
      phones: ['+49 170 55555555', '+4917055555555'],
      zip: 'zipcrypto',
      language: 'en',
    });
    expect(body.sms).toEqual([]);
    expect(body.options.zip).toBe('zipcrypto');
  });

  it('reads phones from …@sms.local in to, cc and bcc, once each', () => {
    expect(
      smsPhonesOf({
        to: ['0170111@SMS.LOCAL'],
        cc: ['x@y.de', '0170111@sms.local'],
        bcc: ['+49172@sms.local'],
      }),
    ).toEqual(['0170111', '+49172']);
  });

  it('splits a phone field at commas, semicolons and new lines', () => {
    expect(parsePhoneField(' 0170 1 ; +49 171 2,\n')).toEqual(['0170 1', '+49 171 2']);
  });
});

describe('checkDraft', () => {
  it('refuses a draft whose only recipients are phones', () => {
    expect(checkDraft(draft({ to: ['0170555555@sms.local'] }), { phones: [] })).toEqual([
      { code: 'noRecipients' },
    ]);
  });

  it('names an unreadable phone', () => {
    expect(checkDraft(draft(), { phones: ['call me'] })).toEqual([{ code: 'badPhone', phone: 'call me' }]);
  });

  it('accepts a normal draft', () => {
    expect(checkDraft(draft(), { phones: ['0170 5555555'] })).toEqual([]);
  });
});

describe('base64 helpers', () => {
  it('encodes bytes like Node does and measures the decoded size', () => {
    const bytes = new Uint8Array(100_001).map((_, i) => (i * 7919) % 256);
    const b64 = bytesToBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64Size(b64)).toBe(bytes.length);
    expect(base64Size(bytesToBase64(new Uint8Array([1, 2])))).toBe(2);
  });
});
