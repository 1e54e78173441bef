import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { extractWith7z, extractWithBsdtar, parseSealed, pdfToText, qpdfEncryption } from './helpers/sealed';

// POST /v1/messages end to end: a real SMTP relay (smtp-server) and the Twilio stand-in behind the
// real twilio client; the sealed mail opened with 7z, bsdtar, qpdf and pdftotext as recipients do.

const SECRET_TEXT = 'Der Befund zeigt keine Auffälligkeiten – Ärztin Müller';
const SECRET_SUBJECT = 'Befund Patientin Schmidt';
const ATTACHMENT = Buffer.from('%PDF-1.4 Laborwerte Kalium 4,2 mmol/l');

interface Sent {
  id: string;
  password: string;
  status: string;
  recipients: { address: string; status: string }[];
  sms: { phone: string; status: string }[];
}

describe('POST /v1/messages through a real relay and the Twilio API', () => {
  let t: MessagesTestApp;
  let paid: { id: string; email: string; apiKey: string };
  let sent: Sent;
  let mailsBefore: number;

  beforeAll(async () => {
    t = await createMessagesTestApp();
    paid = await t.account('paid');
    mailsBefore = t.sink.messages.length;
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: paid.apiKey,
      json: {
        to: ['a@example.org', '+4917055555555@sms.local'],
        cc: ['c@example.org'],
        bcc: ['hidden@example.org'],
        subject: SECRET_SUBJECT,
        text: SECRET_TEXT,
        attachments: [
          {
            filename: 'Laborwerte.pdf',
            contentType: 'application/pdf',
            content: ATTACHMENT.toString('base64'),
          },
        ],
        sms: ['0151 23456789'],
      },
    });
    expect(res.status).toBe(201);
    sent = (await res.json()) as Sent;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers sent with the password and every recipient and phone delivered', () => {
    expect(sent.id).toMatch(/^msg_/);
    expect(sent.password).toMatch(/^[A-Za-z2-9]{3,8}(-[A-Za-z2-9]{3,8})+$/);
    expect(sent.status).toBe('sent');
    expect(sent.recipients).toMatchObject([
      { address: 'a@example.org', status: 'sent' },
      { address: 'c@example.org', status: 'sent' },
      { address: 'hidden@example.org', status: 'sent' },
    ]);
    expect(sent.sms).toMatchObject([
      { phone: '+4917055555555', status: 'sent' },
      { phone: '+4915123456789', status: 'sent' },
    ]);
  });

  it('hands the relay one sealed mail with To, Cc and Bcc in the envelope and Bcc nowhere in the headers', async () => {
    const mails = t.sink.messages.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    if (!mail) throw new Error('no mail');
    expect(mail.from).toBe('noreply@vertraulich.test');
    expect(mail.to.sort()).toEqual(['a@example.org', 'c@example.org', 'hidden@example.org']);
    const raw = mail.raw.toString('latin1');
    expect(raw).not.toContain('hidden@example.org');
    expect(raw).not.toContain('sms.local');
    const sealed = await parseSealed(mail.raw);
    expect(sealed.headers.get('reply-to')).toMatchObject({ value: [{ address: paid.email }] });
    expect(String(sealed.mail.subject)).not.toContain('Befund');
  });

  it('opens with the returned password in 7z, bsdtar, qpdf and pdftotext, and shows nothing in clear', async () => {
    const mail = t.sink.messages[mailsBefore];
    if (!mail) throw new Error('no mail');
    const raw = mail.raw.toString('latin1');
    for (const secret of [
      'Auffälligkeiten',
      'Auff=C3=A4lligkeiten',
      'Patientin Schmidt',
      'Laborwerte',
      'Kalium',
    ]) {
      expect(raw).not.toContain(secret);
    }
    const sealed = await parseSealed(mail.raw);
    const by7z = await extractWith7z(sealed.zip, sent.password);
    const byTar = await extractWithBsdtar(sealed.zip, sent.password);
    expect(by7z.get('Anhang-01.pdf')).toEqual(ATTACHMENT);
    expect(byTar.get('Anhang-01.pdf')).toEqual(ATTACHMENT);
    const eml = [...by7z.entries()].find(([name]) => name.endsWith('.eml'))?.[1]?.toString('utf8') ?? '';
    expect(eml).toContain(SECRET_SUBJECT);
    await expect(extractWith7z(sealed.zip, 'wrong-password')).rejects.toThrow();
    expect(await qpdfEncryption(sealed.pdf, sent.password)).toMatch(/AESv3|256/);
    const pdfText = await pdfToText(sealed.pdf, sent.password);
    expect(pdfText).toContain('keine Auffälligkeiten');
  });

  it('texts the password to each normalised number, naming the sender', async () => {
    const sms = t.twilio.requests.filter((r) => r.body.includes(sent.password));
    expect(sms.map((s) => s.to).sort()).toEqual(['+4915123456789', '+4917055555555']);
    for (const s of sms) {
      expect(s.from).toBe('+15005550006');
      expect(s.body).toContain('Dr. Anna Müller');
    }
  });

  it('lists the message for its owner, with password and statuses, and hides it from everyone else', async () => {
    const own = await t.request(`/v1/messages/${sent.id}`, { token: paid.apiKey });
    expect(own.status).toBe(200);
    const body = (await own.json()) as Sent & { subject: string; createdAt: string };
    expect(body).toMatchObject({
      id: sent.id,
      password: sent.password,
      subject: SECRET_SUBJECT,
      status: 'sent',
    });
    expect(body.sms).toHaveLength(2);
    const other = await t.account('paid', 'Someone Else');
    const res = await t.request(`/v1/messages/${sent.id}`, { token: other.apiKey });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const list = (await (await t.request('/v1/messages', { token: other.apiKey })).json()) as {
      messages: unknown[];
    };
    expect(list.messages).toEqual([]);
  });

  it('never writes the password or the content to the log', () => {
    const logs = t.logs();
    expect(logs).toContain(sent.id);
    expect(logs).not.toContain(sent.password);
    expect(logs).not.toContain('Auffälligkeiten');
    expect(logs).not.toContain(SECRET_SUBJECT);
    expect(logs).not.toContain(paid.apiKey);
  });

  it('keeps no sealed bytes once delivered and stores password and subject only encrypted', async () => {
    const { outbox, messages } = await import('../db/schema');
    expect(await t.database.db.select().from(outbox)).toEqual([]);
    const rows = await t.database.db.select().from(messages);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(sent.password);
    expect(dump).not.toContain('Patientin');
  });
});
