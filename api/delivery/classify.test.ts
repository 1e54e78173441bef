import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './classify';

function smtpErr(props: Record<string, unknown>): Error {
  return Object.assign(new Error('delivery failed'), props);
}

describe('classifySmtpError', () => {
  describe.each([
    ['451 greylisted', { responseCode: 451, code: 'EENVELOPE' }, 'retryable', 451],
    ['421 service not available', { responseCode: 421, code: 'EPROTOCOL' }, 'retryable', 421],
    ['452 mailbox full (temporary)', { responseCode: 452 }, 'retryable', 452],
    ['550 no such user', { responseCode: 550, code: 'EENVELOPE' }, 'permanent', 550],
    ['552 message too big', { responseCode: 552, code: 'EMESSAGE' }, 'permanent', 552],
    ['554 transaction failed', { responseCode: 554 }, 'permanent', 554],
    ['reply code only in the response text', { response: '553 5.1.3 bad address' }, 'permanent', 553],
    ['4xx in the response text', { response: '450-4.2.0 try later' }, 'retryable', 450],
    [
      'reply code wins over a permanent-looking error code',
      { responseCode: 451, code: 'EMESSAGE' },
      'retryable',
      451,
    ],
  ])('%s', (_name, props, kind, code) => {
    it(`is ${kind} with code ${code}`, () => {
      const f = classifySmtpError(smtpErr(props));
      expect(f.kind).toBe(kind);
      expect(f.responseCode).toBe(code);
      expect(f.reason).toContain(String(code));
    });
  });

  describe.each([
    ['ECONNREFUSED', 'retryable'],
    ['ECONNRESET', 'retryable'],
    ['ETIMEDOUT', 'retryable'],
    ['ECONNECTION', 'retryable'],
    ['EDNS', 'retryable'],
    ['EAUTH', 'retryable'],
    ['EENVELOPE', 'permanent'],
    ['EMESSAGE', 'permanent'],
    ['ESOMETHINGNEW', 'retryable'],
  ])('error code %s without a reply code', (code, kind) => {
    it(`is ${kind}`, () => {
      const f = classifySmtpError(smtpErr({ code }));
      expect(f.kind).toBe(kind);
      expect(f.responseCode).toBeUndefined();
      expect(f.reason).toBe(code);
    });
  });

  it('retries what it cannot read at all', () => {
    expect(classifySmtpError('boom').kind).toBe('retryable');
    expect(classifySmtpError(undefined).reason).toBe('unknown error');
  });
});
