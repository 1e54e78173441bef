import type { Database } from '../../db/client';
import { verifyLogin } from '../accounts/login';
import type { CurrentAccount } from '../accounts/types';
import type { Logger } from '../log';
import type { Messaging } from '../messages/service';
import type { Language } from '../seal/types';
import { errorSummary, type GatewayOptions, type SubmissionEnvelope } from './gateway';
import { buildReceipt } from './receipt';
import { receiptMailsEnabled } from './receipt-store';
import { checkEnvelopeSender, checkSender } from './sender';

// The gateway's two injected functions, wired to the real service: SMTP AUTH is the same
// `verifyLogin` (and lockout) as the HTTP login, and a message goes down the one send path
// (Messaging.sendRaw) like POST /v1/messages. After it is stored, the receipt mail is queued.

export interface SubmissionDeps {
  db: Database;
  log: Logger;
  now: () => Date;
  messaging: Pick<Messaging, 'sendRaw' | 'get' | 'queueReceipt'>;
  mailFrom: string;
  publicUrl: string;
}

type Wiring = Pick<GatewayOptions<CurrentAccount>, 'authenticate' | 'submit' | 'checkMailFrom'>;

/** The sender's language as their mail program states it (Content-Language, Accept-Language); else German. */
export function senderLanguage(raw: Uint8Array): Language {
  // Only the header block matters; a bounded look keeps this cheap for big messages.
  const head = Buffer.from(raw.subarray(0, 64 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = end === -1 ? head : head.slice(0, end);
  const match = /^(?:content-language|accept-language):[ \t]*([a-z]{2})/im.exec(header);
  return match?.[1]?.toLowerCase() === 'en' ? 'en' : 'de';
}

export function createSubmission(deps: SubmissionDeps): Wiring {
  const { db, log, now, messaging } = deps;

  async function sendReceipt(account: CurrentAccount, language: Language, messageId: string) {
    if (!(await receiptMailsEnabled(db, account.id))) return;
    const stored = await messaging.get(account.id, messageId);
    if (!stored) throw new Error(`message ${messageId} not found after storing it`);
    // No password and no subject: the receipt is a mail in clear, and waits in the outbox as one.
    const receipt = await buildReceipt({
      to: { address: account.email, name: account.name },
      mailFrom: deps.mailFrom,
      language,
      recipients: stored.recipients.map((r) => r.address),
      phones: stored.sms.map((s) => s.phone),
      messageId,
      publicUrl: deps.publicUrl,
      now: now(),
    });
    await messaging.queueReceipt(messageId, receipt);
  }

  return {
    authenticate: (username, password, ip) => verifyLogin({ db, now }, username, password, ip),

    checkMailFrom: (account, address) => checkEnvelopeSender(account, address),

    async submit(account, raw, envelope: SubmissionEnvelope) {
      checkSender(account, raw, envelope.mailFrom);
      // The cover text, the SMS and the receipt all speak the language the mail program states.
      const language = senderLanguage(raw);
      const sent = await messaging.sendRaw(account, raw, envelope.rcptTo, { language });
      // The message is stored: from here on the client gets 250 whatever becomes of the receipt
      // (a 4xx now would make it send the message a second time). The password is in the history.
      try {
        await sendReceipt(account, language, sent.id);
      } catch (err) {
        log.error(
          { messageId: sent.id, accountId: account.id, err: errorSummary(err) },
          'receipt mail not queued',
        );
      }
      return { id: sent.id };
    },
  };
}
