import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

// MIME in and out goes through nodemailer (composing) and mailparser (reading): no hand-written MIME.

export interface Mailbox {
  name?: string;
  address: string;
}

/** RFC 5322 bytes with CRLF line ends for the given message. */
export function composeMime(mail: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(mail).compile().build((err, message) => (err ? reject(err) : resolve(message)));
  });
}

/** Parses `Name <a@b>` (or a bare address); undefined when it holds no address. */
export function parseMailbox(value: string): Mailbox | undefined {
  for (const entry of addressparser(value, { flatten: true })) {
    if (entry.address)
      return entry.name ? { name: entry.name, address: entry.address } : { address: entry.address };
  }
  return undefined;
}

/** `Name <address>` for display (PDF header block); the bare address when there is no name. */
export function formatMailbox(m: Mailbox): string {
  return m.name ? `${m.name} <${m.address}>` : m.address;
}

/** Phone numbers written as addresses (`+49…@sms.local`) get the password by SMS, never mail. */
export function isSmsAddress(address: string): boolean {
  return /@sms\.local$/i.test(address.trim().replace(/>$/, ''));
}
