import { describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/helpers/smtp-sink';
import { createSmtpTransport } from './smtp-transport';
import { toWireForm } from './wire-form';

describe('toWireForm', () => {
  it.each([
    ['Subject: a\r\n\r\nhello\r\n', 'Subject: a\r\n\r\nhello\r\n'],
    ['Subject: a\r\n\r\nhello', 'Subject: a\r\n\r\nhello\r\n'],
    ['Subject: a\n\nbare\nlines\n', 'Subject: a\r\n\r\nbare\r\nlines\r\n'],
    ['Subject: a\r\n\r\nmixed\nend', 'Subject: a\r\n\r\nmixed\r\nend\r\n'],
  ])('turns %j into %j', (input, wire) => {
    expect(toWireForm(Buffer.from(input)).toString('latin1')).toBe(wire);
  });

  it('gives exactly the bytes the relay receives from the SMTP transport', async () => {
    const sink = await startSmtpSink();
    const transport = createSmtpTransport(sink.url);
    try {
      const mail = Buffer.from('Subject: a\n\n.starts with a dot\nbase64==\r\nlast line');
      await transport.send({ from: 'a@example.org', to: ['b@example.org'] }, toWireForm(mail));
      const [received] = await sink.waitFor(1);
      expect(received?.raw.equals(toWireForm(mail))).toBe(true);
    } finally {
      await transport.close();
      await sink.close();
    }
  });
});
