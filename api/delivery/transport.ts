import type { DeliveryFailure } from './classify';
import { createOutboxFolderTransport } from './outbox-folder';
import { createSmtpTransport } from './smtp-transport';

// Where sealed mail goes: the SMTP relay in SMTP_URL, or, when unset, one .eml file per message in
// $DATA_DIR/outbox/ (CONTRACT.md "Configuration"). Chosen once at start-up and handed down.

export interface Envelope {
  from: string;
  to: string[];
}

export interface RejectedRecipient {
  address: string;
  failure: DeliveryFailure;
}

/** What became of one attempt; a transport throws only when nothing at all was delivered. */
export interface SendOutcome {
  accepted: string[];
  rejected: RejectedRecipient[];
  /** The relay's queue id or the file written, for the log. */
  reference: string;
}

export interface MailTransport {
  /** Human words for the start-up banner, without credentials. */
  readonly description: string;
  send(envelope: Envelope, raw: Uint8Array): Promise<SendOutcome>;
  close(): Promise<void>;
}

export function createMailTransport(config: { smtpUrl: string | undefined; dataDir: string }): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl)
    : createOutboxFolderTransport(`${config.dataDir}/outbox`);
}
