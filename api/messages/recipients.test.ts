import { describe, expect, it } from 'vitest';
import { mailAddress, normalisePhone, RecipientError, splitRecipients } from './recipients';

describe('normalisePhone', () => {
  it.each([
    ['0170 5555555', '+491705555555'],
    ['+49 170 5555555', '+491705555555'],
    ['+4917055555555@sms.local', '+4917055555555'],
    ['017055555555@SMS.LOCAL', '+4917055555555'],
    ['(0151) 2345-6789', '+4915123456789'],
    ['+43 664 1234567', '+436641234567'],
    ['+1 415 555 2671', '+14155552671'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalisePhone(input)).toBe(e164);
  });

  it.each(['12', 'hello', '+49 1', '', '+999 123456789'])('refuses %o', (input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });
});

describe('mailAddress', () => {
  it('takes bare addresses and name-addr forms', () => {
    expect(mailAddress('a@example.org')).toBe('a@example.org');
    expect(mailAddress('Anna Müller <anna@example.org>')).toBe('anna@example.org');
  });
  it.each(['not-an-address', 'a@b', 'a@example.org, b@example.org', ''])('refuses %o', (input) => {
    expect(mailAddress(input)).toBeUndefined();
  });
});

describe('splitRecipients', () => {
  it('separates mail recipients by kind from phones, normalised and without duplicates', () => {
    const out = splitRecipients({
      to: ['a@example.org', '+4917055555555@sms.local'],
      cc: ['c@example.org'],
      bcc: ['hidden@example.org'],
      sms: ['0170 55555555', '0151 23456789'],
    });
    expect(out.mail).toEqual([
      { kind: 'to', address: 'a@example.org' },
      { kind: 'cc', address: 'c@example.org' },
      { kind: 'bcc', address: 'hidden@example.org' },
    ]);
    expect(out.phones).toEqual(['+4917055555555', '+4915123456789']);
  });

  it('names the path of every bad entry', () => {
    const err = (() => {
      try {
        splitRecipients({ to: ['ok@example.org', 'nope'], sms: ['0170 5555555', '123'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RecipientError);
    expect((err as RecipientError).errors.map((e) => e.path)).toEqual(['to.1', 'sms.1']);
  });

  it('wants at least one mail recipient', () => {
    expect(() => splitRecipients({ to: ['+4917055555555@sms.local'] })).toThrow(
      /at least one mail recipient/,
    );
  });
});
