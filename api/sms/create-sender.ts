import { createFileSmsSender } from './file-sender';
import type { SmsSender } from './sender';
import { createTwilioSender } from './twilio-sender';

// Where SMS go: Twilio (TWILIO_ACCOUNT_SID/AUTH_TOKEN/FROM, API at TWILIO_API_BASE_URL) or, when
// Twilio is not configured, one JSON line each in $DATA_DIR/sms-outbox.jsonl (CONTRACT.md).

export interface SmsConfig {
  twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string } | undefined;
  dataDir: string;
}

export function createSmsSender(config: SmsConfig): SmsSender {
  return config.twilio
    ? createTwilioSender(config.twilio)
    : createFileSmsSender(`${config.dataDir}/sms-outbox.jsonl`);
}
