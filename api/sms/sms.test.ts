import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioStandIn, type TwilioStandIn } from '../../test/helpers/twilio-stand-in';
import { classifyTwilioError } from './classify';
import { createSmsSender } from './create-sender';
import { smsText } from './text';

describe('Twilio sender through the official client', () => {
  let twilioApi: TwilioStandIn;
  beforeAll(async () => {
    twilioApi = await startTwilioStandIn();
  });
  afterAll(async () => {
    await twilioApi.close();
  });
  const sender = () =>
    createSmsSender({
      twilio: {
        accountSid: twilioApi.accountSid,
        authToken: twilioApi.authToken,
        from: '+15005550006',
        apiBaseUrl: twilioApi.baseUrl,
      },
      dataDir: '/nonexistent',
    });

  it('sends to TWILIO_API_BASE_URL with the account credentials', async () => {
    const out = await sender().send({ to: '+4917055555555', body: 'Passwort: abc' });
    expect(out.reference).toMatch(/^SM/);
    expect(twilioApi.requests.at(-1)).toMatchObject({
      accountSid: twilioApi.accountSid,
      username: twilioApi.accountSid,
      to: '+4917055555555',
      from: '+15005550006',
      body: 'Passwort: abc',
    });
  });

  it('sends through a Messaging Service when TWILIO_FROM is an MG… SID', async () => {
    const service = `MG${'0'.repeat(32)}`;
    const s = createSmsSender({
      twilio: {
        accountSid: twilioApi.accountSid,
        authToken: twilioApi.authToken,
        from: service,
        apiBaseUrl: twilioApi.baseUrl,
      },
      dataDir: '/nonexistent',
    });
    await s.send({ to: '+4917055555555', body: 'x' });
    expect(twilioApi.requests.at(-1)?.form).toMatchObject({
      MessagingServiceSid: service,
      To: '+4917055555555',
    });
    expect(twilioApi.requests.at(-1)?.form).not.toHaveProperty('From');
  });

  it.each([
    [{ status: 400, code: 21211 }, 'permanent'],
    [{ status: 400, code: 21614 }, 'permanent'],
    [{ status: 429, code: 20429 }, 'retryable'],
    [{ status: 503 }, 'retryable'],
    [{ status: 401, code: 20003 }, 'retryable'],
  ])('classifies Twilio answering %o as %s', async (failure, kind) => {
    twilioApi.fail(failure, 1);
    const err = await sender()
      .send({ to: '+4917055555555', body: 'x' })
      .catch((e: unknown) => e);
    expect(classifyTwilioError(err)).toMatchObject({ kind, responseCode: failure.status });
  });

  it('classifies an unreachable API as retryable', async () => {
    const gone = await startTwilioStandIn();
    await gone.close();
    const s = createSmsSender({
      twilio: {
        accountSid: gone.accountSid,
        authToken: gone.authToken,
        from: '+1',
        apiBaseUrl: gone.baseUrl,
      },
      dataDir: '/nonexistent',
    });
    const err = await s.send({ to: '+4917055555555', body: 'x' }).catch((e: unknown) => e);
    expect(classifyTwilioError(err).kind).toBe('retryable');
  });
});

describe('SMS file sender', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-sms-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per SMS to DATA_DIR/sms-outbox.jsonl', async () => {
    const s = createSmsSender({ twilio: undefined, dataDir: dir });
    await Promise.all([s.send({ to: '+491', body: 'eins' }), s.send({ to: '+492', body: 'zwei' })]);
    const lines = (await readFile(path.join(dir, 'sms-outbox.jsonl'), 'utf8')).trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { to: string; body: string });
    expect(parsed.map((p) => p.body).sort()).toEqual(['eins', 'zwei']);
  });
});

describe('SMS text', () => {
  it.each([
    ['de', /^Passwort für die vertrauliche E-Mail von Dr\. Anna Müller: Kx7m-P2qr$/],
    ['en', /^Password for the confidential email from Dr\. Anna Müller: Kx7m-P2qr$/],
  ] as const)('names the sender and carries the password in %s', (language, pattern) => {
    expect(smsText({ senderName: 'Dr.  Anna Müller', password: 'Kx7m-P2qr', language })).toMatch(pattern);
  });

  it('stays short for a very long sender name and keeps the whole password', () => {
    const text = smsText({
      senderName: 'A'.repeat(300),
      password: 'Kx7m-P2qr-9Tzb-W4nd-Hs3e',
      language: 'de',
    });
    expect(text.length).toBeLessThan(160);
    expect(text.endsWith('Kx7m-P2qr-9Tzb-W4nd-Hs3e')).toBe(true);
  });
});
