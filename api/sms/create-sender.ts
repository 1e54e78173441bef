import { createFileSmsSender } from './file-sender';
import type { SmsSender } from './sender';
import { twilioStatusCallbackUrl } from './status';
import { createTwilioSender } from './twilio-sender';

// Where SMS go: Twilio (TWILIO_ACCOUNT_SID/AUTH_TOKEN/FROM, API at TWILIO_API_BASE_URL) or, when
// Twilio is not configured, one JSON line each in $DATA_DIR/sms-outbox.jsonl (CONTRACT.md).

export interface SmsConfig {
  twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string } | undefined;
  dataDir: string;
  /** PUBLIC_URL: Twilio posts delivery reports to its /v1/webhooks/twilio/status. */
  publicUrl?: string;
}

export function createSmsSender(config: SmsConfig): SmsSender {
  return config.twilio
    ? createTwilioSender({
        ...config.twilio,
        statusCallback: config.publicUrl ? twilioStatusCallbackUrl(config.publicUrl) : undefined,
      })
    : createFileSmsSender(`${config.dataDir}/sms-outbox.jsonl`);
}
