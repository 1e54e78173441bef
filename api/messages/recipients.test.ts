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

describe('phones that can get the password by SMS', () => {
  it.each([
    ['0170 5555555', '+491705555555'],
    ['+49 151 23456789', '+4915123456789'],
    ['+43 664 1234567', '+436641234567'],
    ['+41 79 123 45 67', '+41791234567'],
    ['+41 76 123 45 67', '+41761234567'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+44 7400 123456', '+447400123456'],
  ])('takes the mobile %s as %s', (input, e164) => {
    expect(splitRecipients({ to: ['a@example.org'], sms: [input] }).phones).toEqual([e164]);
  });

  it.each([
    ['+49 900 1234567', 'premium-rate'],
    ['+1 900 555 1234', 'premium-rate'],
    ['+44 909 012 3456', 'premium-rate'],
    ['+43 900 123456', 'premium-rate'],
    ['+49 180 5123456', 'shared-cost'],
    ['+44 800 123 4567', 'toll-free'],
    ['+41 800 123 456', 'toll-free'],
    ['+881 6 1234 5678', 'satellite'],
    ['+882 16 123456', 'satellite or international'],
    ['+44 70 3123 4567', 'personal'],
    ['+49 30 123456', 'landline'],
  ])('refuses %s (%s) naming the field', (input, what) => {
    let errors: { path: string; message: string }[] = [];
    try {
      splitRecipients({ to: ['a@example.org', `${input.replace(/ /g, '')}@sms.local`], sms: [input] });
    } catch (err) {
      errors = (err as RecipientError).errors;
    }
    expect(errors.map((e) => e.path)).toEqual(['to.1', 'sms.0']);
    expect(errors[1]?.message).toContain(what);
    expect(errors[1]?.message).toContain('SMS');
  });

  it('keeps to the SMS_COUNTRIES allow-list (EU/EEA, CH, GB by default)', () => {
    expect(() => splitRecipients({ to: ['a@example.org'], sms: ['+1 415 555 2671'] })).toThrow(/US/);
    expect(() => splitRecipients({ to: ['a@example.org'], sms: ['+7 912 345 67 89'] })).toThrow(/RU/);
    expect(splitRecipients({ to: ['a@example.org'], sms: ['+1 415 555 2671'] }, 'any').phones).toEqual([
      '+14155552671',
    ]);
    expect(() => splitRecipients({ to: ['a@example.org'], sms: ['0170 5555555'] }, ['AT', 'CH'])).toThrow(
      /SMS go only to AT, CH/,
    );
  });

  it('reads "Name <+49…@sms.local>" in to, cc and bcc as a phone, not as a mail address', () => {
    const out = splitRecipients({
      to: ['a@example.org', 'Anna Müller <+4917055555555@sms.local>'],
      cc: ['"Büro" <0151 23456789@sms.local>'],
      bcc: ['Ben <+436641234567@SMS.LOCAL>'],
    });
    expect(out.mail).toEqual([{ kind: 'to', address: 'a@example.org' }]);
    expect(out.phones).toEqual(['+4917055555555', '+4915123456789', '+436641234567']);
  });
});
