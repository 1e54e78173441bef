// Where SMS go, as the delivery worker sees it. Implementations: Twilio (twilio-sender.ts), the
// JSON-lines file (file-sender.ts) and an in-memory one for tests (memory-sender.ts);
// create-sender.ts picks one from the config at start-up.

export interface Sms {
  /** E.164, e.g. +4917055555555. */
  to: string;
  body: string;
}

export interface SmsSender {
  readonly description: string;
  /** Resolves with the provider's id; throws (see classifyTwilioError) when not accepted. */
  send(sms: Sms): Promise<{ reference: string }>;
}
