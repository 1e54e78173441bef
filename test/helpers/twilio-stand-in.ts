import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server answering POST /2010-04-01/Accounts/{Sid}/Messages.json the way Twilio's
// Messages API does (form-encoded request, HTTP Basic auth with the account SID and auth token,
// 201 with the message resource, errors as {code, message, more_info, status}); see
// https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource.
// Point TWILIO_API_BASE_URL at `baseUrl` and the real twilio client talks to it.
//
// It also plays Twilio's side of delivery reports: `report(sid, status)` posts a status callback to
// the StatusCallback the message was created with, form-encoded and signed the way Twilio signs
// (X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, of the full URL followed by each
// form field's name and value, sorted by name; https://www.twilio.com/docs/usage/webhooks/webhooks-security).

export interface TwilioRequest {
  accountSid: string;
  /** Basic-auth user and password as sent. */
  username: string;
  password: string;
  to: string;
  from: string;
  body: string;
  /** Every form field as sent. */
  form: Record<string, string>;
  /** The message sid answered (successful creations only). */
  sid?: string;
}

/** How a report reaches the service: by default fetch(); in-process tests pass app.request. */
export type ReportPoster = (url: string, init: RequestInit) => Promise<Response> | Response;

export interface ReportOptions {
  /** Twilio's ErrorCode, for undelivered and failed. */
  errorCode?: number;
  /** Sign with this token instead of the account's (a forged report). */
  signWith?: string;
  /** Leave X-Twilio-Signature out. */
  unsigned?: boolean;
  /** Sign for this URL instead of the message's StatusCallback (and post there). */
  url?: string;
  /** Deliver this one report through `post` instead of the configured poster. */
  post?: ReportPoster;
}

export interface TwilioFailure {
  status: number;
  /** Twilio error code, e.g. 21211 (invalid To) or 20429 (too many requests). */
  code?: number;
  message?: string;
}

export interface TwilioStandIn {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Successful message creations, in order. */
  readonly requests: TwilioRequest[];
  /** Every request, also failed ones. */
  readonly attempts: TwilioRequest[];
  /** Answer the next `times` creations (default: all until `succeed()`) with this failure. */
  fail(failure: TwilioFailure, times?: number): void;
  succeed(): void;
  /** Where reports go (default: fetch to the StatusCallback URL). */
  postReportsWith(poster: ReportPoster): void;
  /** Posts a signed delivery report for message `sid`; resolves with the service's answer. */
  report(sid: string, status: string, options?: ReportOptions): Promise<Response>;
  /** Resolves once at least `count` messages were created. */
  waitFor(count: number, timeoutMs?: number): Promise<TwilioRequest[]>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function basicAuth(req: IncomingMessage): { username: string; password: string } {
  const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return { username: '', password: '' };
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export async function startTwilioStandIn(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<TwilioStandIn> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const requests: TwilioRequest[] = [];
  const attempts: TwilioRequest[] = [];
  const waiters = new Set<() => void>();
  let failure: { f: TwilioFailure; remaining: number } | undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (req.method !== 'POST' || !m?.[1]) {
        return send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      }
      const auth = basicAuth(req);
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const entry: TwilioRequest = {
        accountSid: m[1],
        ...auth,
        to: form.To ?? '',
        from: form.From ?? '',
        body: form.Body ?? '',
        form,
      };
      attempts.push(entry);
      if (auth.username !== accountSid || auth.password !== authToken || m[1] !== accountSid) {
        return send(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      if (failure) {
        const { f } = failure;
        failure.remaining -= 1;
        if (failure.remaining <= 0) failure = undefined;
        return send(res, f.status, {
          code: f.code ?? f.status,
          message: f.message ?? `failure requested by test (${f.status})`,
          more_info: `https://www.twilio.com/docs/errors/${f.code ?? f.status}`,
          status: f.status,
        });
      }
      if (!entry.to || !entry.body || !(entry.from || form.MessagingServiceSid)) {
        return send(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
      }
      requests.push(entry);
      for (const w of waiters) w();
      const sid = `SM${randomBytes(16).toString('hex')}`;
      entry.sid = sid;
      const now = new Date().toUTCString();
      send(res, 201, {
        sid,
        account_sid: accountSid,
        to: entry.to,
        from: entry.from,
        body: entry.body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        price: null,
        price_unit: 'USD',
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    })().catch(() => send(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 }));
  });
  let poster: ReportPoster = (url, init) => fetch(url, init);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    attempts,
    fail(f, times = Number.POSITIVE_INFINITY) {
      failure = { f, remaining: times };
    },
    succeed() {
      failure = undefined;
    },
    postReportsWith(p) {
      poster = p;
    },
    async report(sid, status, opts = {}) {
      const created = requests.find((r) => r.sid === sid);
      const url = opts.url ?? created?.form.StatusCallback;
      if (!url) throw new Error(`twilio stand-in: no StatusCallback for ${sid}`);
      const form: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: created?.from ?? '+15005550006',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: created?.to ?? '+4917055555555',
        ...(opts.errorCode !== undefined ? { ErrorCode: String(opts.errorCode) } : {}),
      };
      const signed = Object.keys(form)
        .sort()
        .reduce((acc, key) => acc + key + form[key], url);
      const signature = createHmac('sha1', opts.signWith ?? authToken)
        .update(signed, 'utf8')
        .digest('base64');
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'user-agent': 'TwilioProxy/1.1',
        ...(opts.unsigned ? {} : { 'x-twilio-signature': signature }),
      };
      const deliver = opts.post ?? poster;
      return deliver(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
    },
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (requests.length < count) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests.slice());
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`twilio stand-in: expected ${count} SMS, got ${requests.length}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
