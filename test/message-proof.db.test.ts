import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { pdfToText, qpdfEncryption } from './helpers/sealed';

// What the sender learns about mail delivery, and the proof of sending it can file (issue 17):
// each recipient's status with the relay's own reply, and GET /v1/messages/:id/proof, whose sealed
// hash is the SHA-256 of the very bytes the relay received.

const SUBJECT = 'Befund Patientin Schmidt';
const TEXT = 'Kalium 4,2 mmol/l, keine Auffälligkeiten';

interface Recipient {
  address: string;
  status: string;
  reply: string | null;
}
interface Proof {
  messageId: string;
  sender: { accountId: string; address: string; name: string | null };
  createdAt: string;
  deliveredAt: string | null;
  original: { sha256: string };
  sealed: { sha256: string; zip: string; pdf: string };
  recipients: (Recipient & { kind: string; at: string })[];
  sms: { phone: string; status: string; at: string }[];
}

describe('Failed mail and the proof of sending', () => {
  let t: MessagesTestApp;
  let paid: { id: string; email: string; apiKey: string };

  beforeAll(async () => {
    t = await createMessagesTestApp();
    paid = await t.account('paid', 'Praxis Dr. Müller');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The message once nothing is queued any more (the first attempt may outlast the request). */
  async function settled(id: string): Promise<{ status: string; recipients: Recipient[] }> {
    let view = { status: 'queued', recipients: [] as Recipient[] };
    await expect
      .poll(
        async () => {
          view = (await (
            await t.request(`/v1/messages/${id}`, { token: paid.apiKey })
          ).json()) as typeof view;
          return view.status;
        },
        { timeout: 20_000 },
      )
      .not.toBe('queued');
    return view;
  }

  async function send(json: Record<string, unknown>): Promise<{ id: string; password: string }> {
    const res = await t.request('/v1/messages', { method: 'POST', token: paid.apiKey, json });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; password: string };
  }

  it("shows a recipient the relay refused for good as failed, with the relay's reply", async () => {
    t.sink.reject(550, {
      recipients: ['gone@example.org'],
      message: '5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
    });
    try {
      const { id } = await send({ to: ['ok@example.org', 'gone@example.org'], subject: SUBJECT, text: TEXT });
      const view = await settled(id);
      expect(view.status).toBe('failed');
      const gone = view.recipients.find((r) => r.address === 'gone@example.org');
      expect(gone).toMatchObject({ status: 'failed' });
      expect(gone?.reply).toMatch(/^550\b.*User unknown/);
      const ok = view.recipients.find((r) => r.address === 'ok@example.org');
      expect(ok).toMatchObject({ status: 'sent' });
      expect(ok?.reply).toMatch(/^250\b/);
    } finally {
      t.sink.accept();
    }
  });

  it('names the sealed bytes the relay received by their SHA-256, and never the password or content', async () => {
    const before = t.sink.messages.length;
    const { id, password } = await send({
      to: ['a@example.org'],
      cc: ['c@example.org'],
      subject: SUBJECT,
      text: TEXT,
      sms: ['0170 55555555'],
    });
    const [received] = (await t.sink.waitFor(before + 1)).slice(before);
    if (!received) throw new Error('nothing at the relay');
    await settled(id);
    const res = await t.request(`/v1/messages/${id}/proof`, { token: paid.apiKey });
    expect(res.status).toBe(200);
    const text = await res.text();
    const proof = JSON.parse(text) as Proof;
    expect(proof.sealed.sha256).toBe(createHash('sha256').update(received.raw).digest('hex'));
    expect(proof.original.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(proof.original.sha256).not.toBe(proof.sealed.sha256);
    expect(proof).toMatchObject({
      messageId: id,
      sender: { accountId: paid.id, address: paid.email, name: 'Praxis Dr. Müller' },
      sealed: { zip: 'aes256', pdf: 'aes256' },
      sms: [{ phone: '+4917055555555', status: 'sent' }],
    });
    expect(proof.deliveredAt).not.toBeNull();
    expect(proof.recipients).toMatchObject([
      { kind: 'to', address: 'a@example.org', status: 'sent' },
      { kind: 'cc', address: 'c@example.org', status: 'sent' },
    ]);
    expect(proof.recipients[0]?.reply).toMatch(/^250\b/);
    for (const secret of [password, SUBJECT, 'Kalium', 'Patientin']) expect(text).not.toContain(secret);
  });

  it('gives the same as an unencrypted PDF that names the recipients', async () => {
    const { id, password } = await send({
      to: ['anna@example.org', 'bert@example.org'],
      subject: SUBJECT,
      text: TEXT,
    });
    const res = await t.request(`/v1/messages/${id}/proof`, {
      token: paid.apiKey,
      headers: { accept: 'application/pdf' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    await expect(qpdfEncryption(pdf, '')).rejects.toThrow(/not encrypted/);
    const text = await pdfToText(pdf, '');
    expect(text).toContain('Sendenachweis');
    expect(text).toContain('anna@example.org');
    expect(text).toContain('bert@example.org');
    expect(text).toContain(id);
    const proof = (await (
      await t.request(`/v1/messages/${id}/proof`, { token: paid.apiKey })
    ).json()) as Proof;
    expect(text.replace(/\s+/g, '')).toContain(proof.sealed.sha256);
    for (const secret of [password, SUBJECT, 'Kalium']) expect(text).not.toContain(secret);

    const english = await t.request(`/v1/messages/${id}/proof?format=pdf&lang=en`, { token: paid.apiKey });
    expect(await pdfToText(new Uint8Array(await english.arrayBuffer()), '')).toContain('Proof of sending');
  });

  it("answers 404 for another account's message, in JSON and PDF alike", async () => {
    const { id } = await send({ to: ['a@example.org'], subject: SUBJECT, text: TEXT });
    const other = await t.account('paid', 'Someone Else');
    for (const accept of ['application/json', 'application/pdf']) {
      const res = await t.request(`/v1/messages/${id}/proof`, { token: other.apiKey, headers: { accept } });
      expect(res.status).toBe(404);
    }
    expect((await t.request(`/v1/messages/${id}/proof`)).status).toBe(401);
  });
});

describe('Mail the relay kept deferring until the retries ran out', () => {
  let t: MessagesTestApp;

  beforeAll(async () => {
    t = await createMessagesTestApp({ worker: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the recipient as failed with the relay's last reply", async () => {
    const paid = await t.account('paid');
    t.sink.reject(451, { message: '4.7.1 Greylisted, please try again later' });
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: paid.apiKey,
      json: { to: ['late@example.org'], subject: SUBJECT, text: TEXT },
    });
    const { id } = (await res.json()) as { id: string };
    let view = { recipients: [] as Recipient[] };
    await expect
      .poll(
        async () => {
          view = (await (
            await t.request(`/v1/messages/${id}`, { token: paid.apiKey })
          ).json()) as typeof view;
          return view.recipients[0]?.status;
        },
        { timeout: 20_000 },
      )
      .not.toBe('queued');
    expect(view.recipients[0]).toMatchObject({ address: 'late@example.org', status: 'failed' });
    expect(view.recipients[0]?.reply).toMatch(/^451\b.*Greylisted/);
  });
});
