import type { DeliveryFailure } from './classify';

// Where sealed mail goes, as the delivery worker sees it. Implementations: the SMTP relay
// (smtp-transport.ts), the outbox folder (outbox-folder.ts) and an in-memory one for tests
// (memory-transport.ts); create-transport.ts picks one from the config at start-up.

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
  /** The relay's reply to the message (e.g. `250 2.0.0 queued as …`): the sender's proof of sending. */
  response?: string;
}

export interface MailTransport {
  /** Human words for the start-up banner, without credentials. */
  readonly description: string;
  send(envelope: Envelope, raw: Uint8Array): Promise<SendOutcome>;
  close(): Promise<void>;
}
