import twilio from 'twilio';
import type { SmsSender } from './sender';

// SMS through Twilio's official client. TWILIO_API_BASE_URL moves the API elsewhere (a test
// stand-in, a proxy): the client's region/edge options only change host names, so a RequestClient
// subclass, passed as httpClient, rewrites https://api.twilio.com to the configured base.

const TWILIO_API = 'https://api.twilio.com';

type RequestOptions<TData> = Parameters<twilio.RequestClient['request']>[0] & { data?: TData };

export class RebasedRequestClient extends twilio.RequestClient {
  readonly #base: string;

  constructor(base: string) {
    // The client's own 429 retries would hold a worker slot; our outbox retries with backoff instead.
    super({ timeout: 15_000, autoRetry: false });
    this.#base = base.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API) ? this.#base + opts.uri.slice(TWILIO_API.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function createTwilioSender(config: {
  accountSid: string;
  authToken: string;
  from: string;
  apiBaseUrl: string;
  /** Where Twilio posts the delivery reports of each SMS (api/sms/status.ts). */
  statusCallback?: string;
}): SmsSender {
  const base = config.apiBaseUrl.replace(/\/+$/, '');
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: base === TWILIO_API ? undefined : new RebasedRequestClient(base),
  });
  return {
    description: `Twilio ${base} from ${config.from}`,
    async send(sms) {
      // TWILIO_FROM may name a Messaging Service (MG…) instead of a sender number.
      const sender = /^MG[0-9a-f]{32}$/i.test(config.from)
        ? { messagingServiceSid: config.from }
        : { from: config.from };
      const callback = config.statusCallback ? { statusCallback: config.statusCallback } : {};
      const m = await client.messages.create({ to: sms.to, body: sms.body, ...sender, ...callback });
      return { reference: m.sid };
    },
  };
}
